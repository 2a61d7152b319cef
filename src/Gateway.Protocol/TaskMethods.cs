namespace Gateway.Protocol;

/// <summary>The names of MCP tasks (2025-11-25, basic/utilities/tasks), which the SDK does not define.</summary>
public static class TaskMethods
{
    public const string Get = "tasks/get";

    public const string Result = "tasks/result";

    public const string Cancel = "tasks/cancel";

    public const string List = "tasks/list";

    public const string StatusNotification = "notifications/tasks/status";

    /// <summary>The _meta key that ties a message to its task.</summary>
    public const string RelatedTaskMeta = "io.modelcontextprotocol/related-task";
}
