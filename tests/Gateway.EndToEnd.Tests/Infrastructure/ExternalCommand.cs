using System.ComponentModel;
using System.Diagnostics;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a tool the end-to-end tests need (node, npm) to completion with a deadline.</summary>
public static class ExternalCommand
{
    public static async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout)
    {
        var commandLine = string.Join(' ', [file, .. args]);
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"`{commandLine}` did not start");
        }
        catch (Win32Exception ex)
        {
            // A missing toolchain is a broken test machine, never a reason to skip.
            throw new InvalidOperationException(
                $"Cannot run `{commandLine}`: {ex.Message}. The end-to-end tests need Node.js 20 or later and npm on PATH.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException(
                    $"`{commandLine}` did not finish within {timeout.TotalSeconds:0} s\n--- stdout ---\n{await stdout}\n--- stderr ---\n{await stderr}");
            }

            return new CommandResult(commandLine, process.ExitCode, await stdout, await stderr);
        }
    }
}
