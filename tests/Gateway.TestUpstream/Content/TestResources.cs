using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Content;

/// <summary>Two static resources and one template, enough to test resource and template forwarding.</summary>
public sealed class TestResources(UpstreamSettings settings)
{
    public const string HelloUri = "test://static/hello";
    public const string InfoUri = "test://static/info";
    public const string ItemTemplate = "test://items/{id}";
    private const string ItemPrefix = "test://items/";

    public ListResourcesResult List() => new()
    {
        Resources =
        [
            new Resource { Uri = HelloUri, Name = "hello", Description = "A greeting naming this upstream.", MimeType = "text/plain" },
            new Resource { Uri = InfoUri, Name = "info", Description = "This upstream's settings as JSON.", MimeType = "application/json" },
        ],
    };

    public ListResourceTemplatesResult ListTemplates() => new()
    {
        ResourceTemplates =
        [
            new ResourceTemplate { UriTemplate = ItemTemplate, Name = "item", Description = "Reads as \"item {id}\".", MimeType = "text/plain" },
        ],
    };

    public ReadResourceResult Read(string uri)
    {
        if (uri == HelloUri)
        {
            return Contents(uri, "text/plain", $"hello from {settings.Name}");
        }

        if (uri == InfoUri)
        {
            var info = new JsonObject
            {
                ["name"] = settings.Name,
                ["mode"] = settings.Mode.ToString().ToLowerInvariant(),
                ["toolsPrefix"] = settings.ToolsPrefix,
                ["extraTools"] = settings.ExtraTools,
                ["pageSize"] = settings.PageSize,
            };
            return Contents(uri, "application/json", info.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }

        if (uri.StartsWith(ItemPrefix, StringComparison.Ordinal) && uri.Length > ItemPrefix.Length && !uri.AsSpan(ItemPrefix.Length).Contains('/'))
        {
            var id = Uri.UnescapeDataString(uri[ItemPrefix.Length..]);
            return Contents(uri, "text/plain", $"item {id}");
        }

        // MCP 2025-11-25 "Resources > Error Handling": unknown resource is -32002.
        throw new McpProtocolException($"Resource not found: {uri}", McpErrorCode.ResourceNotFound);
    }

    private static ReadResourceResult Contents(string uri, string mimeType, string text) => new()
    {
        Contents = [new TextResourceContents { Uri = uri, MimeType = mimeType, Text = text }],
    };
}
