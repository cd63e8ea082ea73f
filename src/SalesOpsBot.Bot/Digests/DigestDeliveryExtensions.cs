using Microsoft.Extensions.Options;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Bot.Digests;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

// In the Hosting namespace so the host registers it with one line, next to AddBot and AddAssistant.
namespace SalesOpsBot.Bot.Hosting;

public static class DigestDeliveryExtensions
{
    /// <summary>
    /// Registers the hosted digest delivery: options (section <c>Digests</c>, validated at start), the runner over the app-state
    /// store and the warehouse, the connector sender and the background service. Needs the bot's connector (AddBot) and the
    /// warehouse (AddAssistant).
    /// </summary>
    public static IHostApplicationBuilder AddDigestDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DigestsOptions>().Bind(builder.Configuration.GetSection(DigestsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestsOptions>, DigestsOptionsValidator>();
        services.AddSingleton<DigestClock>();
        services.AddSingleton(provider =>
        {
            var digests = provider.GetRequiredService<IOptions<DigestsOptions>>().Value;
            var state = string.IsNullOrWhiteSpace(digests.StateConnectionString)
                ? provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString
                : digests.StateConnectionString;
            return new DigestTables(AppStateDatabase.Parse(state));
        });
        services.AddSingleton(provider => new AlertCooldown(provider.GetRequiredService<DigestTables>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<DigestsOptions>>().Value.AlertCooldown));
        services.AddSingleton(provider => new TenantPacer(provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<DigestsOptions>>().Value.TenantMessagesPerSecond));
        services.AddSingleton(provider =>
        {
            var crash = provider.GetRequiredService<IOptions<DigestsOptions>>().Value.Crash;
            return new DigestCrashSwitch(provider.GetRequiredService<IHostEnvironment>().IsDevelopment() ? crash : new DigestCrashOptions(),
                provider.GetRequiredService<ILogger<DigestCrashSwitch>>());
        });
        services.AddSingleton<ConnectorDigestSender>();
        services.AddSingleton<IDigestSender>(provider => WithCrashes(provider, provider.GetRequiredService<ConnectorDigestSender>()));
        services.AddSingleton(provider =>
        {
            var digests = provider.GetRequiredService<IOptions<DigestsOptions>>().Value;
            var time = provider.GetRequiredService<TimeProvider>();
            var tables = provider.GetRequiredService<DigestTables>();
            var sql = provider.GetRequiredService<SqlRunner>();
            var calendar = new FiscalCalendar(provider.GetRequiredService<IOptions<WarehouseOptions>>().Value.FiscalYearStartMonth);
            var cooldown = provider.GetRequiredService<AlertCooldown>();
            // With the database's row-level security (Warehouse:SetSessionPrincipal) each subscriber's rows depend on their
            // own session identity, so packs are not shared between subscribers of the same scope.
            IDigestContentSource content = new WarehouseDigestSource(provider.GetRequiredService<AccessResolver>(),
                new DigestComposer(new SalesAnalytics(sql), new PipelineQueries(sql), calendar), digests.FixedAsOf, AlertRules.Default, cooldown,
                composeOncePerScope: !sql.SetSessionPrincipal);
            var crash = provider.GetRequiredService<DigestCrashSwitch>();
            if (provider.GetRequiredService<IHostEnvironment>().IsDevelopment() && digests.Crash.IsSet)
            {
                content = new CrashingContentSource(content, crash);
            }

            return new DigestRunner(new SubscriptionStore(tables, time), new DeliveryLedger(tables, time, digests.InstanceId, digests.LeaseDuration), content,
                new DigestRunOptions(digests.GraceWindow, digests.MaxAttempts, digests.MaxConcurrentDeliveries),
                provider.GetRequiredService<ILogger<DigestRunner>>(), cooldown);
        });
        services.AddHostedService<DigestDeliveryService>();
        return builder;
    }

    private static IDigestSender WithCrashes(IServiceProvider provider, IDigestSender sender) =>
        provider.GetRequiredService<IHostEnvironment>().IsDevelopment() && provider.GetRequiredService<IOptions<DigestsOptions>>().Value.Crash.IsSet
            ? new CrashingSender(sender, provider.GetRequiredService<DigestCrashSwitch>())
            : sender;
}
