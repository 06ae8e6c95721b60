using CovidSpark.Aws.Glue.Model;

namespace CovidSpark.Aws.Glue;

/// <summary>Paging and existence helpers over <see cref="IGlueClient"/>.</summary>
public static class GlueClientExtensions
{
    /// <summary>Every table of a database, following <c>NextToken</c> pages.</summary>
    public static async Task<IReadOnlyList<GlueTable>> GetAllTablesAsync(this IGlueClient glue, string database, CancellationToken ct = default)
    {
        var all = new List<GlueTable>();
        string? token = null;
        do
        {
            var page = await glue.GetTablesAsync(new GetTablesRequest(database, token), ct).ConfigureAwait(false);
            all.AddRange(page.TableList ?? []);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return all;
    }

    /// <summary>The table, or null when it does not exist.</summary>
    public static async Task<GlueTable?> FindTableAsync(this IGlueClient glue, string database, string name, CancellationToken ct = default)
    {
        try
        {
            return (await glue.GetTableAsync(new GetTableRequest(database, name), ct).ConfigureAwait(false)).Table;
        }
        catch (GlueEntityNotFoundException)
        {
            return null;
        }
    }
}
