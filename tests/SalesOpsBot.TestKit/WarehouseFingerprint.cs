using Dapper;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.TestKit;

/// <summary>A summary of a warehouse's whole content (rows per table, and for each table a digest of all its values), to prove it is unchanged.</summary>
public static class WarehouseFingerprint
{
    public static async Task<string> OfAsync(IWarehouseConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenWritableAsync(cancellationToken);
        var parts = new List<string>();
        foreach (var table in ContractTables.All)
        {
            var sql = $"SELECT * FROM {WarehouseSchema.QualifiedName(table, connections.Dialect)}";
            IEnumerable<string> rows;
            try
            {
                rows = (await connection.QueryAsync(sql))
                    .Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
                    .Order(StringComparer.Ordinal);
            }
            catch (System.Data.Common.DbException)
            {
                rows = ["<no table>"];
            }

            parts.Add($"{table.Name}:{string.Join(";", rows).GetHashCode(StringComparison.Ordinal):X8}:{rows.Count()}");
        }

        return string.Join(" ", parts);
    }
}
