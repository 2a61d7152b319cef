using Gateway.Cli;
using Gateway.Cli.Hosting;

return await CliApp.RunAsync(args, CliHost.FromConsole());
