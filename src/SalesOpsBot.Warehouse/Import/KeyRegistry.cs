using System.Data.Common;
using Dapper;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.Warehouse.Import;

/// <summary>
/// The keys a reference may point at: those read from the files of this import, or, for a table the import
/// does not replace, those already in the warehouse (read once, on first use).
/// </summary>
internal sealed class KeyRegistry(DbConnection connection, DbTransaction transaction, WarehouseDialect dialect, IReadOnlyCollection<ContractTable> replaced)
{
    private readonly Dictionary<ContractTable, HashSet<string>> _keys = [];

    public HashSet<string> Of(ContractTable table)
    {
        if (_keys.TryGetValue(table, out var keys))
        {
            return keys;
        }

        keys = new HashSet<string>(StringComparer.Ordinal);
        if (!replaced.Contains(table))
        {
            // The identifier comes from the fixed contract list, never from input.
            var sql = $"SELECT {table.Columns[0].Name} FROM {WarehouseSchema.QualifiedName(table, dialect)}";
            keys.UnionWith(connection.Query<string>(sql, transaction: transaction, buffered: false));
        }

        _keys[table] = keys;
        return keys;
    }

    public bool IsReplaced(ContractTable table) => replaced.Contains(table);
}
