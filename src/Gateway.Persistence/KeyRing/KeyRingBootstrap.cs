using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Gateway.Persistence.KeyRing;

/// <summary>
/// Makes sure the key ring has a key every silo will use before any grain of this silo can run:
/// under the store's exclusive lock, a silo that finds no usable key makes one, and every other
/// silo then finds it. Later keys are Data Protection's own affair: it makes each new key two days
/// before the current one expires, and every silo reads the ring again within a day, so all of
/// them know a key before it is used. Also says at start where the keys are and what protects them.
/// </summary>
public sealed partial class KeyRingBootstrap(
    IKeyRingStore store,
    IKeyManager keys,
    IOptions<KeyManagementOptions> options,
    TimeProvider time,
    ILogger<KeyRingBootstrap> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(KeyRingBootstrap), ServiceLifecycleStage.ApplicationServices, StartAsync);

    private Task StartAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        store.RunExclusive(() =>
        {
            var now = time.GetUtcNow();
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                var key = keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
                LogCreated(key.KeyId, store.Location);
            }
        });

        if (options.Value.XmlEncryptor is not null)
        {
            LogEncrypted(store.Location);
        }
        else if (store.IsShared)
        {
            LogUnencrypted(store.Location);
        }
        else
        {
            LogPrivate(store.Location);
        }
    }, cancellationToken);

    [LoggerMessage(EventId = 1820, Level = LogLevel.Information, Message = "Key ring: made key {KeyId} in {Location}")]
    private partial void LogCreated(Guid keyId, string location);

    [LoggerMessage(EventId = 1821, Level = LogLevel.Information, Message = "Key ring of stored upstream secrets: {Location}, its keys encrypted with the cluster certificate")]
    private partial void LogEncrypted(string location);

    [LoggerMessage(EventId = 1823, Level = LogLevel.Information, Message = "Key ring of stored upstream secrets: {Location}, readable by the gateway's user alone")]
    private partial void LogPrivate(string location);

    [LoggerMessage(EventId = 1822, Level = LogLevel.Warning,
        Message = "Key ring of stored upstream secrets: {Location}, its keys not encrypted (no Gateway:Cluster:Tls:Certificate): whoever can read it can decrypt the secrets stored by the admin API")]
    private partial void LogUnencrypted(string location);
}
