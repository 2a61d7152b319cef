namespace Gateway.Persistence;

/// <summary>
/// File modes that keep the gateway's stored state to the user it runs as: directories 0700,
/// files 0600. A no-op on Windows, whose files are not governed by Unix modes.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the directory, with mode 0700, unless it exists (<see cref="Tighten"/> judges one that does).</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, PrivateDirectory);
        }
    }

    /// <summary>Takes the group and other bits off a file or directory that exists.</summary>
    /// <returns>The mode it had when it had to be tightened; null when it is missing or already private.</returns>
    public static UnixFileMode? Tighten(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        FileSystemInfo entry = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!entry.Exists)
        {
            return null;
        }

        var mode = entry.UnixFileMode;
        if ((mode & GroupAndOthers) == 0)
        {
            return null;
        }

        entry.UnixFileMode = mode & ~GroupAndOthers;
        return mode;
    }

    /// <summary>Creates an empty file with mode 0600 unless one exists: SQLite then keeps that mode for the database and its journals.</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by someone else (another process on this directory); Tighten judges it.
        }
    }

    /// <summary>Writes a new file that is 0600 from its first byte (created under a temporary name, then moved into place).</summary>
    public static void WriteFile(string path, Action<Stream> write)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
