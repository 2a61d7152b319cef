namespace Gateway.Tests.Infrastructure;

/// <summary>Locates the repository and the built executables the tests start as real processes.</summary>
public static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string TestUpstreamDll =>
        Built(Path.Combine(RepositoryRoot, "tests", "Gateway.TestUpstream", "bin", Configuration, "net10.0", "Gateway.TestUpstream.dll"));

    public static string SiloDll =>
        Built(Path.Combine(RepositoryRoot, "src", "Gateway.Silo", "bin", Configuration, "net10.0", "Gateway.Silo.dll"));

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "gateway-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Built(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build Gateway.sln in {Configuration} first", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
