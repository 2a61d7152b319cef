using System.Xml.Linq;
using Npgsql;

namespace Gateway.Persistence.KeyRing;

/// <summary>
/// The key ring a cluster shares: rows of data_protection_keys (sql/postgres/004_data_protection_keys.sql)
/// in the store's database, one per key, scoped by the Orleans service id. Data Protection calls a
/// repository synchronously, so these statements are synchronous too, on Npgsql's own sync path:
/// nothing waits on a task. The rows are as safe as the keys' XML encryptor makes them: with the
/// cluster certificate (ProtectKeysWithCertificate) a dump of the database decrypts nothing.
/// </summary>
public sealed class PostgresKeyRepository(string connectionString, string serviceId) : IKeyRingStore
{
    /// <summary>Held while a silo decides whether the ring needs its first key; distinct from the schema's and the sweep's locks.</summary>
    private const long KeyRingLock = 5134477706972453155;

    public string Location => "the data_protection_keys table of the storage database";

    public bool IsShared => true;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys WHERE service_id = @service ORDER BY created_on, friendly_name", connection);
        command.Parameters.AddWithValue("service", serviceId);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            """
            INSERT INTO data_protection_keys (service_id, friendly_name, xml) VALUES (@service, @name, @xml)
            ON CONFLICT (service_id, friendly_name) DO UPDATE SET xml = EXCLUDED.xml
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    /// <summary>A session advisory lock, on a connection of its own held for the action's length.</summary>
    public void RunExclusive(Action action)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({KeyRingLock})", connection))
        {
            take.ExecuteNonQuery();
        }

        try
        {
            action();
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({KeyRingLock})", connection);
            release.ExecuteNonQuery();
        }
    }
}
