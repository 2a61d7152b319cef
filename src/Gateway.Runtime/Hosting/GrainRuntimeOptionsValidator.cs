using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Hosting;

/// <summary>Names every bad setting with its value, not just the first.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var errors = new List<string>();
        RequirePositive(errors, nameof(options.CollectionAge), options.CollectionAge);
        RequirePositive(errors, nameof(options.CollectionQuantum), options.CollectionQuantum);
        RequirePositive(errors, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(List<string> errors, string setting, TimeSpan value)
    {
        // Timer periods are limited to about 49 days (uint milliseconds).
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > uint.MaxValue - 1)
        {
            errors.Add($"GrainRuntime:{setting} must be a positive time span of at most 49 days; it is {value}.");
        }
    }
}
