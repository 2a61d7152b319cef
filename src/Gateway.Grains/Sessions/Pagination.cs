using System.Buffers.Text;
using System.Text;
using Gateway.Catalog;

namespace Gateway.Sessions;

/// <summary>
/// Pages over a name-sorted list. The cursor is opaque to clients: base64url of the last name
/// returned, so paging stays correct when the catalog changes between pages (items are never
/// repeated, and items added behind the cursor appear on a later page).
/// </summary>
public static class Pagination
{
    private const string Prefix = "v1:";

    public static string Encode(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastName));

    public static bool TryDecode(string cursor, out string lastName)
    {
        lastName = "";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return false;
            }

            lastName = text[Prefix.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The list request's cursor: the name it continues after, null when it sent none; false when
    /// it sent one the gateway did not give (the caller answers "Invalid cursor").
    /// </summary>
    public static bool TryReadCursor(ModelContextProtocol.Protocol.JsonRpcRequest request, out string? after)
    {
        after = null;
        if (request.Params?["cursor"] is not { } cursor)
        {
            return true;
        }

        if (cursor.GetValueKind() != System.Text.Json.JsonValueKind.String || !TryDecode(cursor.GetValue<string>(), out var last))
        {
            return false;
        }

        after = last;
        return true;
    }

    /// <summary>Returns the page after <paramref name="after"/> and the cursor of the next page, if any.</summary>
    public static (IReadOnlyList<CatalogEntry<T>> Page, string? NextCursor) Page<T>(
        IReadOnlyList<CatalogEntry<T>> sorted, string? after, int pageSize)
    {
        var start = 0;
        if (after is not null)
        {
            int lo = 0, hi = sorted.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (string.CompareOrdinal(sorted[mid].Name, after) <= 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            start = lo;
        }

        var count = Math.Min(pageSize, sorted.Count - start);
        var page = new CatalogEntry<T>[count];
        for (var i = 0; i < count; i++)
        {
            page[i] = sorted[start + i];
        }

        var next = start + count < sorted.Count && count > 0 ? Encode(page[^1].Name) : null;
        return (page, next);
    }
}
