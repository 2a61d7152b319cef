using System.CommandLine.Invocation;
using Gateway.LoadRunner;

var parseResult = LoadRunnerCommand.Create().Parse(args);
if (parseResult.Action is ParseErrorAction)
{
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}

return await parseResult.InvokeAsync();
