namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The live child processes of this test process, read from Linux's /proc: the stdio upstreams an
/// in-process gateway started are its children, so this counts what really runs.
/// </summary>
public static class ChildProcesses
{
    /// <summary>The ids of running children (zombies excluded) started with the test upstream's <c>--name</c> <paramref name="upstream"/>.</summary>
    public static List<int> OfTestUpstream(string upstream)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" || int.Parse(fields[1]) != Environment.ProcessId)
                {
                    continue;
                }

                var args = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var name = Array.IndexOf(args, "--name");
                if (args.Contains(Paths.TestUpstreamDll) && name >= 0 && name + 1 < args.Length && args[name + 1] == upstream)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while it was being read.
            }
        }

        return found;
    }
}
