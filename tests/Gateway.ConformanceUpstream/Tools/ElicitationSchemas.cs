using static ModelContextProtocol.Protocol.ElicitRequestParams;

namespace Gateway.ConformanceUpstream.Tools;

/// <summary>The requested schemas of the elicitation tools, built anew per call (the SDK's schema types are mutable).</summary>
public static class ElicitationSchemas
{
    public static RequestSchema UsernameAndEmail() => new()
    {
        Properties = new Dictionary<string, PrimitiveSchemaDefinition>
        {
            ["username"] = new StringSchema { Description = "User's response" },
            ["email"] = new StringSchema { Description = "User's email address" },
        },
        Required = ["username", "email"],
    };

    /// <summary>SEP-1034: a default for every primitive type, the enum's one of its members.</summary>
    public static RequestSchema WithDefaults() => new()
    {
        Properties = new Dictionary<string, PrimitiveSchemaDefinition>
        {
            ["name"] = new StringSchema { Description = "Your name", Default = "John Doe" },
            ["age"] = new NumberSchema { Type = "integer", Description = "Your age", Default = 30 },
            ["score"] = new NumberSchema { Description = "Your score", Default = 95.5 },
            ["status"] = new UntitledSingleSelectEnumSchema { Description = "Your status", Enum = ["active", "inactive", "pending"], Default = "active" },
            ["verified"] = new BooleanSchema { Description = "Whether you are verified", Default = true },
        },
    };

    /// <summary>SEP-1330: single and multiple choice, with and without titles, and the deprecated enumNames form.</summary>
    public static RequestSchema EnumVariants() => new()
    {
        Properties = new Dictionary<string, PrimitiveSchemaDefinition>
        {
            ["untitledSingle"] = new UntitledSingleSelectEnumSchema { Enum = ["option1", "option2", "option3"] },
            ["titledSingle"] = new TitledSingleSelectEnumSchema
            {
                OneOf = [Option("value1", "First Option"), Option("value2", "Second Option"), Option("value3", "Third Option")],
            },
#pragma warning disable MCP9001 // The deprecated form is one of the five the scenario asks for.
            ["legacyEnum"] = new LegacyTitledEnumSchema
            {
                Enum = ["opt1", "opt2", "opt3"],
                EnumNames = ["Option One", "Option Two", "Option Three"],
            },
#pragma warning restore MCP9001
            ["untitledMulti"] = new UntitledMultiSelectEnumSchema
            {
                Items = new UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
            },
            ["titledMulti"] = new TitledMultiSelectEnumSchema
            {
                Items = new TitledEnumItemsSchema
                {
                    AnyOf = [Option("value1", "First Choice"), Option("value2", "Second Choice"), Option("value3", "Third Choice")],
                },
            },
        },
    };

    private static EnumSchemaOption Option(string value, string title) => new() { Const = value, Title = title };
}
