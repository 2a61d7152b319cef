using System.Text;
using Serilog.Sinks.File;

namespace Gateway.Silo.Audit;

/// <summary>
/// The audit files and their directory are the gateway's user's alone (Unix modes 0700 and 0600):
/// they say who called what, when. The directory is closed first, so that a file is never reachable
/// by others, even in the moment between its creation and its chmod.
/// </summary>
public sealed class OwnerOnlyFiles : FileLifecycleHooks
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory, or closes an existing one to others.</summary>
    public static void PrepareDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }

    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode);
        }

        return underlyingStream;
    }
}
