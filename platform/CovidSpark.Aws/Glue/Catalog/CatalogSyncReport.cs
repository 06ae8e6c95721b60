namespace CovidSpark.Aws.Glue.Catalog;

/// <summary>What the sync did (or, in a dry run, would do) to one Glue table.</summary>
public enum TableSyncAction
{
    /// <summary>The table was not in Glue and was registered.</summary>
    Created,
    /// <summary>Glue's definition differed (schema, location, parameters) and was replaced.</summary>
    Updated,
    /// <summary>Glue already held exactly this definition.</summary>
    Unchanged,
    /// <summary>Registered by an earlier sync but gone from the lake; kept (pass --prune to delete it).</summary>
    Missing,
    /// <summary>Gone from the lake and deleted from Glue (--prune); the data, if any, is untouched.</summary>
    Deleted,
}

/// <summary>One table's outcome.</summary>
/// <param name="Name">The Glue (and lake) table name.</param>
/// <param name="Zone">trusted or refined.</param>
/// <param name="Location">The table's folder.</param>
/// <param name="Action">What happened to it.</param>
/// <param name="Changes">For <see cref="TableSyncAction.Updated"/>, what differed (<c>column x added (bigint)</c>); empty otherwise.</param>
public sealed record TableSyncResult(string Name, string? Zone, string? Location, TableSyncAction Action, IReadOnlyList<string> Changes);

/// <summary>The outcome of one <see cref="CatalogSync.SyncAsync"/>.</summary>
/// <param name="Database">The Glue database.</param>
/// <param name="Lake">The lake root that was scanned.</param>
/// <param name="Tables">Every lake table, then every registered table gone from the lake.</param>
/// <param name="Skipped">Folders of the lake's zones that are not Delta tables.</param>
/// <param name="DryRun">True when nothing was written: the actions are what a real sync would do.</param>
/// <param name="DatabaseCreated">True when the database did not exist and was (or would be) created.</param>
public sealed record CatalogSyncReport(
    string Database, string Lake, bool DryRun, bool DatabaseCreated, IReadOnlyList<TableSyncResult> Tables, IReadOnlyList<SkippedFolder> Skipped)
{
    /// <summary>How many tables ended in each action.</summary>
    public int Count(TableSyncAction action) => Tables.Count(t => t.Action == action);

    /// <summary>True when the sync changed (or would change) nothing in Glue.</summary>
    public bool NoChange => !DatabaseCreated && Tables.All(t => t.Action is TableSyncAction.Unchanged or TableSyncAction.Missing);
}

/// <summary>How a sync runs.</summary>
/// <param name="DryRun">Read the lake and Glue, write nothing.</param>
/// <param name="Prune">Delete Glue tables this sync registered earlier whose lake table is gone.</param>
/// <param name="MaxAttempts">Re-reads of one table when concurrent writers keep changing it, before giving up.</param>
public sealed record CatalogSyncOptions(bool DryRun = false, bool Prune = false, int MaxAttempts = 5);
