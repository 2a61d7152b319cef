using Gateway.Fuzz;

// Fuzzes a running gateway: dotnet Gateway.Fuzz.dll URL USER_KEY ADMIN_KEY [COUNT] [WORKERS] [SEED]
// Prints a JSON report; exits 1 when any request failed (5xx, dropped, unanswered) or health broke.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Gateway.Fuzz URL USER_KEY ADMIN_KEY [COUNT=100000] [WORKERS=8] [SEED=1]");
    return 2;
}

var count = args.Length > 3 ? int.Parse(args[3]) : 100_000;
var workers = args.Length > 4 ? int.Parse(args[4]) : 8;
var seed = args.Length > 5 ? int.Parse(args[5]) : 1;
var run = new FuzzRun(new FuzzTarget(args[0].TrimEnd('/'), args[1], args[2]), count, workers, seed, TimeSpan.FromSeconds(30));
var report = await run.RunAsync();
Console.WriteLine(report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
return (int)report["failures"]! == 0 ? 0 : 1;
