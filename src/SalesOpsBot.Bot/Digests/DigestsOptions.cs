using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SalesOpsBot.Bot.Digests;

/// <summary>Settings of the hosted digest delivery, section <c>Digests</c> (validated at start).</summary>
public sealed class DigestsOptions
{
    public const string SectionName = "Digests";

    public bool Enabled { get; set; } = true;

    /// <summary>How often an instance runs a pass over the due subscriptions.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claim holds a slot; must outlast compose + send (about a second on the demo warehouse).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A slot missed by longer than this (downtime) is recorded as skipped instead of sent late.</summary>
    public TimeSpan GraceWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Names this instance in the ledger; unique per process.</summary>
    [Required]
    public string InstanceId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Digests composed and sent at once by one instance.</summary>
    [Range(1, 64)]
    public int MaxConcurrentDeliveries { get; set; } = 4;

    /// <summary>Client-side cap per Teams tenant (Teams allows "tens of RPS" per app per tenant, §3.6; we keep 20).</summary>
    [Range(0.1, 50)]
    public double TenantMessagesPerSecond { get; set; } = 20;

    /// <summary>How long an alert stays quiet after it was sent (one event, one alert).</summary>
    public TimeSpan AlertCooldown { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a pass in flight may finish its current deliveries after shutdown starts; then claims are released.</summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The app-state store of subscriptions and the ledger; empty uses <c>Bot:StateConnectionString</c>.</summary>
    public string? StateConnectionString { get; set; }

    /// <summary>Compose every digest as of this date (a snapshot warehouse such as the demo); empty uses the slot's local date.</summary>
    public DateOnly? FixedAsOf { get; set; }

    /// <summary>Development only (ignored elsewhere): the scheduler's clock starts at this instant, so tests can make slots due.</summary>
    public DateTimeOffset? ClockOverride { get; set; }

    /// <summary>Development only (ignored elsewhere): kill the process at a chosen point of a delivery, for crash tests.</summary>
    public DigestCrashOptions Crash { get; set; } = new();
}

/// <summary>
/// Injected crashes for the multi-process tests: the process is killed (no graceful shutdown) on the N-th digest after its
/// claim (before the channel is called) or after it was marked sending (before the channel is called, so the slot ends
/// uncertain). Zero disables.
/// </summary>
public sealed class DigestCrashOptions
{
    [Range(0, int.MaxValue)]
    public int AfterClaimOnDigest { get; set; }

    [Range(0, int.MaxValue)]
    public int WhileSendingOnDigest { get; set; }

    public bool IsSet => AfterClaimOnDigest > 0 || WhileSendingOnDigest > 0;
}

/// <summary>Checks DataAnnotations cannot express.</summary>
public sealed class DigestsOptionsValidator : IValidateOptions<DigestsOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestsOptions options)
    {
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Digests:PollInterval must be between 100 ms and 1 hour.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromHours(1))
        {
            failures.Add("Digests:LeaseDuration must be between 1 second and 1 hour.");
        }

        if (options.GraceWindow < options.PollInterval)
        {
            failures.Add("Digests:GraceWindow must be at least Digests:PollInterval, or every slot would be skipped.");
        }

        if (options.AlertCooldown < TimeSpan.Zero || options.ShutdownDrain < TimeSpan.Zero)
        {
            failures.Add("Digests:AlertCooldown and Digests:ShutdownDrain cannot be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.InstanceId) || options.InstanceId.Length > 200)
        {
            failures.Add("Digests:InstanceId must be 1 to 200 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
