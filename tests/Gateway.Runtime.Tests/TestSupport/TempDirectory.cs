using Microsoft.Data.Sqlite;

namespace Gateway.Runtime.Tests.TestSupport;

/// <summary>A directory of its own under the temp path, deleted (best effort) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gateway-tests", Guid.NewGuid().ToString("N"))).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled SQLite connections keep files open.
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
