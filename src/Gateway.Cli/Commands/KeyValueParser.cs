using System.CommandLine.Parsing;

namespace Gateway.Cli.Commands;

/// <summary>Parses repeated <c>K=V</c> options (<c>--env</c>, <c>--header</c>) into a dictionary.</summary>
public static class KeyValueParser
{
    public static Dictionary<string, string> Parse(ArgumentResult result, string optionName)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            var separator = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                result.AddError($"{optionName} '{token.Value}' must look like KEY=VALUE");
                continue;
            }

            // Split at the first '=' only: values such as base64 tokens may contain more.
            pairs[token.Value[..separator]] = token.Value[(separator + 1)..];
        }

        return pairs;
    }
}
