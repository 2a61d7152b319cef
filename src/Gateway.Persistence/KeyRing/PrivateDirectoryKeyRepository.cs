using System.Xml.Linq;

namespace Gateway.Persistence.KeyRing;

/// <summary>
/// The key ring of a silo on its own: one XML file per key in a directory beside the store (the
/// data directory's keys/), readable by the gateway's user alone (0700, files 0600), so that the
/// SQLite file by itself, copied or backed up, decrypts nothing. Written anew for that reason:
/// Data Protection's own file repository creates files with the process's default mode.
/// </summary>
public sealed class PrivateDirectoryKeyRepository(string directory) : IKeyRingStore
{
    public string Location => directory;

    public bool IsShared => false;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal).Select(XElement.Load)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        OwnerOnly.EnsureDirectory(directory);
        OwnerOnly.WriteFile(Path.Combine(directory, FileName(friendlyName)), stream => element.Save(stream));
    }

    /// <summary>One process owns a data directory, so there is nobody to exclude.</summary>
    public void RunExclusive(Action action) => action();

    /// <summary>Data Protection's names ("key-{guid}") as they are; anything else could leave the directory, so it gets a name of its own.</summary>
    private static string FileName(string friendlyName) =>
        (friendlyName.Length is > 0 and <= 100 && friendlyName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? friendlyName
            : Guid.NewGuid().ToString("N")) + ".xml";
}
