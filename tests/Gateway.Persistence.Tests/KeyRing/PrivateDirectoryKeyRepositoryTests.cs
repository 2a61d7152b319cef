using System.Runtime.Versioning;
using System.Xml.Linq;
using Gateway.Persistence.KeyRing;

namespace Gateway.Persistence.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class PrivateDirectoryKeyRepositoryTests : KeyRingStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gateway-keyring-" + Guid.NewGuid().ToString("N"));
    private PrivateDirectoryKeyRepository? _store;

    protected override IKeyRingStore Store => _store!;

    private string Directory => Path.Combine(_root, "keys");

    public override Task InitializeAsync()
    {
        _store = new PrivateDirectoryKeyRepository(Directory);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(_root))
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public void Keys_AreFiles0600_InADirectory0700()
    {
        Store.StoreElement(new XElement("key"), "key-8d0c");

        Assert.Equal("700", Convert.ToString((int)File.GetUnixFileMode(Directory), 8));
        Assert.Equal(["key-8d0c.xml"], System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName));
        Assert.Equal("600", Convert.ToString((int)File.GetUnixFileMode(Path.Combine(Directory, "key-8d0c.xml")), 8));
    }

    [Fact]
    public void AFriendlyNameThatIsAPath_StaysInTheDirectory()
    {
        Store.StoreElement(new XElement("key"), "../escaped");

        Assert.False(File.Exists(Path.Combine(_root, "escaped.xml")));
        Assert.Single(System.IO.Directory.GetFiles(Directory, "*.xml"));
    }
}
