namespace SalesOpsBot.Digests;

/// <summary>Marker for the digests assembly (schedules, content, ledger).</summary>
public static class DigestsAssembly;
