using System.Xml.Linq;
using Gateway.Persistence.KeyRing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Persistence.Tests;

/// <summary>
/// What a key ring store must do for Data Protection: give back every element it stored, replace
/// one stored again under its name, and let a second Data Protection instance on the same store
/// (another silo, or this one after a restart) decrypt what the first encrypted. One subclass per store.
/// </summary>
public abstract class KeyRingStoreContractTests : IAsyncLifetime
{
    /// <summary>A fresh, empty store; each call to the same test's store sees the same elements.</summary>
    protected abstract IKeyRingStore Store { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public void StoredElements_AreAllReadBack_AndOneStoredAgainIsReplaced()
    {
        Store.StoreElement(new XElement("key", new XAttribute("id", "1")), "key-1");
        Store.StoreElement(new XElement("key", new XAttribute("id", "2")), "key-2");
        Store.StoreElement(new XElement("key", new XAttribute("id", "1"), new XAttribute("revised", "yes")), "key-1");

        var elements = Store.GetAllElements();

        Assert.Equal(2, elements.Count);
        Assert.Equal("yes", (string?)elements.Single(e => (string?)e.Attribute("id") == "1").Attribute("revised"));
    }

    [Fact]
    public void WhatOneInstanceEncrypts_AnotherOnTheSameStoreDecrypts()
    {
        var payload = Protector().Protect("a secret of an upstream");

        Assert.Equal("a secret of an upstream", Protector().Unprotect(payload));
        Assert.NotEmpty(Store.GetAllElements());
    }

    private IDataProtector Protector()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("key-ring-contract");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = Store);
        return services.BuildServiceProvider().GetDataProtectionProvider().CreateProtector("contract");
    }
}
