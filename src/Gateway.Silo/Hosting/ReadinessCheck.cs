using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Silo.Hosting;

/// <summary>/health/ready: healthy once the silo runs and every known upstream has been handed to its grain.</summary>
public sealed class ReadinessCheck(ReadinessGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.IsReady ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy("starting"));
}
