using System.Diagnostics.CodeAnalysis;
using Gateway.Runtime.Membership;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>
/// Turns rows of the membership table into entries, trusting nothing: a row is hand-editable, may
/// come from a newer silo, or from a table made by some other tool. A row that does not hold a
/// usable entry is reported as a problem instead of failing the read of all the others.
/// </summary>
internal static class PostgresMembershipRows
{
    /// <summary>The membership columns, in the order <see cref="TryRead"/> expects them from <c>first</c> on.</summary>
    public const string Columns = "m.address, m.silo_port, m.generation, m.silo_name, m.http_port, m.status, m.start_time, m.iamalive_time, m.etag";

    // Stored by name, so an operator reading the table sees what it means and enum renumbering cannot corrupt it.
    public static string StatusText(SiloStatus status) => status switch
    {
        SiloStatus.Joining => "Joining",
        SiloStatus.Active => "Active",
        SiloStatus.ShuttingDown => "ShuttingDown",
        SiloStatus.Dead => "Dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a silo status."),
    };

    /// <summary>The key of the row as written, for the log; any part may be garbage.</summary>
    public static string DescribeKey(NpgsqlDataReader reader, int first) =>
        $"{Text(reader, first)}:{Text(reader, first + 1)}:{Text(reader, first + 2)}";

    public static bool TryRead(
        NpgsqlDataReader reader, int first, [NotNullWhen(true)] out MembershipRow? row, [NotNullWhen(false)] out string? problem)
    {
        row = null;
        try
        {
            problem = TryReadCore(reader, first, out row);
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or NpgsqlException or FormatException)
        {
            problem = $"a column cannot be read ({exception.Message})";
        }

        return problem is null;
    }

    private static string? TryReadCore(NpgsqlDataReader reader, int first, out MembershipRow? row)
    {
        row = null;
        var address = reader.GetValue(first) as string;
        if (string.IsNullOrWhiteSpace(address) || address.Any(char.IsWhiteSpace))
        {
            return "address is missing or not a host name";
        }

        if (Integer(reader.GetValue(first + 1)) is not { } siloPort || siloPort is < 1 or > 65535)
        {
            return $"silo_port '{Text(reader, first + 1)}' is not a port";
        }

        if (Integer(reader.GetValue(first + 2)) is not { } generation || generation < 0)
        {
            return $"generation '{Text(reader, first + 2)}' is not a generation";
        }

        if (Integer(reader.GetValue(first + 4)) is not { } httpPort || httpPort is < 0 or > 65535)
        {
            return $"http_port '{Text(reader, first + 4)}' is not a port";
        }

        if (Status(reader.GetValue(first + 5)) is not { } status)
        {
            return $"status '{Text(reader, first + 5)}' is not a silo status";
        }

        if (Time(reader.GetValue(first + 6)) is not { } startTime)
        {
            return "start_time is missing";
        }

        if (Time(reader.GetValue(first + 7)) is not { } iAmAliveTime)
        {
            return "iamalive_time is missing";
        }

        if (reader.GetValue(first + 8) is not string { Length: > 0 } etag)
        {
            return "etag is missing";
        }

        var entry = new MembershipEntry(new SiloAddress(address, (int)siloPort, generation), status, startTime, iAmAliveTime)
        {
            SiloName = reader.GetValue(first + 3) as string ?? "",
            HttpPort = (int)httpPort,
        };
        row = new MembershipRow(entry, etag);
        return null;
    }

    // Exact names only: Enum.TryParse would also take "2" or "Active, Dead".
    private static SiloStatus? Status(object value) => value switch
    {
        "Joining" => SiloStatus.Joining,
        "Active" => SiloStatus.Active,
        "ShuttingDown" => SiloStatus.ShuttingDown,
        "Dead" => SiloStatus.Dead,
        _ => null,
    };

    private static long? Integer(object value) => value switch
    {
        short number => number,
        int number => number,
        long number => number,
        _ => null,
    };

    private static DateTimeOffset? Time(object value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        _ => null,
    };

    private static string Text(NpgsqlDataReader reader, int ordinal)
    {
        try
        {
            return reader.IsDBNull(ordinal) ? "null" : Convert.ToString(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or NpgsqlException)
        {
            return "?";
        }
    }
}
