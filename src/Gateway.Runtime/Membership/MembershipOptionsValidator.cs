using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Membership;

/// <summary>Names every bad membership setting with its value, not just the first.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    // Timer periods are limited to about 49 days (uint milliseconds).
    private static readonly TimeSpan LongestPeriod = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId) || options.ClusterId.Length > 150)
        {
            errors.Add($"Membership:ClusterId must be 1 to 150 characters, not blank; it is '{options.ClusterId}'.");
        }

        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress) || options.AdvertisedAddress.Any(char.IsWhiteSpace))
        {
            errors.Add($"Membership:AdvertisedAddress must be a host name or IP address; it is '{options.AdvertisedAddress}'.");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            errors.Add($"Membership:SiloPort must be between 1 and 65535; it is {options.SiloPort}.");
        }

        if (options.HttpPort is < 0 or > 65535)
        {
            errors.Add($"Membership:HttpPort must be between 0 (none) and 65535; it is {options.HttpPort}.");
        }

        RequirePeriod(errors, nameof(options.HeartbeatInterval), options.HeartbeatInterval);
        RequirePeriod(errors, nameof(options.FailureTimeout), options.FailureTimeout);
        RequirePeriod(errors, nameof(options.TableRefreshInterval), options.TableRefreshInterval);
        if (options.DefunctSiloRetention <= TimeSpan.Zero)
        {
            errors.Add($"Membership:DefunctSiloRetention must be positive; it is {options.DefunctSiloRetention}.");
        }

        // A healthy silo must get at least two heartbeats in before anyone may call it dead.
        if (options.HeartbeatInterval > TimeSpan.Zero && options.FailureTimeout < options.HeartbeatInterval * 2)
        {
            errors.Add(
                $"Membership:FailureTimeout must be at least twice Membership:HeartbeatInterval ({options.HeartbeatInterval}); " +
                $"it is {options.FailureTimeout}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePeriod(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestPeriod)
        {
            errors.Add($"Membership:{setting} must be a positive time span of at most 49 days; it is {value}.");
        }
    }
}
