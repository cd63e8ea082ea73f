using Microsoft.Extensions.Options;
using SalesOpsBot.Digests.Delivery;

namespace SalesOpsBot.Bot.Digests;

/// <summary>
/// The hosted scheduler: every <see cref="DigestsOptions.PollInterval"/> it runs one <see cref="DigestRunner"/> pass. Safe on
/// every instance at once (the ledger gives each slot to one instance). On shutdown no new slot is claimed; deliveries in flight
/// get <see cref="DigestsOptions.ShutdownDrain"/> to finish, then a claim not yet sending is released for another instance.
/// A failing pass (database down) is logged and retried on the next tick; it never stops the host.
/// </summary>
public sealed class DigestDeliveryService(
    DigestRunner runner,
    IDigestSender sender,
    IOptions<DigestsOptions> options,
    DigestClock clock,
    ILogger<DigestDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Digest delivery is disabled (Digests:Enabled = false).");
            return;
        }

        logger.LogInformation("Digest delivery started as {Instance}: a pass every {Interval}, lease {Lease}.", settings.InstanceId, settings.PollInterval, settings.LeaseDuration);
        using var timer = new PeriodicTimer(settings.PollInterval, clock.Time);
        try
        {
            do
            {
                await RunPassAsync(settings, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunPassAsync(DigestsOptions settings, CancellationToken stoppingToken)
    {
        using var abort = new CancellationTokenSource();
        await using var drain = stoppingToken.Register(() => abort.CancelAfter(settings.ShutdownDrain));
        try
        {
            var summary = await runner.RunDueAsync(clock.Now(), sender, abort.Token, stoppingToken);
            if (summary != DigestRunSummary.Empty)
            {
                logger.LogInformation(
                    "Digest pass: {Due} due, {Sent} sent, {Failed} failed, {Uncertain} uncertain, {Skipped} skipped, {Deactivated} deactivated, {Recovered} recovered, {ClaimedElsewhere} claimed elsewhere, {Retrying} retrying.",
                    summary.Due, summary.Sent, summary.Failed, summary.Uncertain, summary.Skipped, summary.Deactivated, summary.Recovered, summary.ClaimedElsewhere, summary.Retrying);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Digest pass failed; retried on the next tick.");
        }
    }
}

/// <summary>
/// The scheduler's notion of "now": the system clock, or in Development only a clock starting at
/// <see cref="DigestsOptions.ClockOverride"/> and advancing in real time (tests make slots due without waiting for Monday).
/// </summary>
public sealed class DigestClock
{
    private readonly TimeSpan _offset;

    public DigestClock(TimeProvider time, IOptions<DigestsOptions> options, IHostEnvironment environment, ILogger<DigestClock> logger)
    {
        Time = time;
        if (options.Value.ClockOverride is { } start)
        {
            if (environment.IsDevelopment())
            {
                _offset = start - time.GetUtcNow();
                logger.LogWarning("Digests:ClockOverride is set: the digest scheduler's clock starts at {Start:o} (Development only).", start);
            }
            else
            {
                logger.LogWarning("Digests:ClockOverride is ignored outside Development.");
            }
        }
    }

    public TimeProvider Time { get; }

    public DateTimeOffset Now() => Time.GetUtcNow() + _offset;
}
