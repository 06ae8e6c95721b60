using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Aws;
using CovidSpark.Aws.Glue;
using CovidSpark.Delta;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Transactions;
using CovidSpark.Jobs.Aws.Catalog;
using CovidSpark.Testing;

namespace CovidSpark.Jobs.Aws.Tests.Catalog;

/// <summary>
/// A lake of Delta tables shaped like the jobs' (every table of docs/catalog.md, its documented columns, report_date partitions
/// where documented), written with the Delta library into a local folder and, for S3 lakes, uploaded to moto's S3.
/// </summary>
internal sealed class CatalogLake : IDisposable
{
    public const string Bucket = "catalog-lake";

    private readonly TempDir _temp = new("catalog-lake");

    private CatalogLake(MotoServer moto)
    {
        Moto = moto;
        Local = _temp.Path;
    }

    public MotoServer Moto { get; }
    public string Local { get; }
    public string S3Root => $"s3://{Bucket}/";

    public AwsClientOptions Aws => new()
    {
        Region = MotoServer.Region,
        EndpointUrl = Moto.Endpoint,
        Credentials = new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
        Retry = AwsRetryPolicy.None,
        Environment = _ => null,
    };

    public GlueClient Glue(HttpClient http) => new(http, Aws);

    /// <summary>Every documented table, written locally (and uploaded when <paramref name="upload"/>).</summary>
    public static async Task<CatalogLake> CreateAsync(MotoServer moto, bool upload = true)
    {
        var lake = new CatalogLake(moto);
        foreach (var (key, doc) in LakeSchemaDocs.Embedded.Tables)
            await lake.WriteTableAsync(key, doc.Columns.Keys.Select(c => new DeltaField(c, SparkType(key, c))).ToList());
        // a plain Parquet folder from an older lake: no _delta_log
        Directory.CreateDirectory(Path.Combine(lake.Local, "refined", "legacy_table", "report_date=2020-11-10"));
        await File.WriteAllTextAsync(Path.Combine(lake.Local, "refined", "legacy_table", "report_date=2020-11-10", "part-0.parquet"), "not really parquet");
        if (upload) await lake.UploadAsync();
        return lake;
    }

    /// <summary>Commits <paramref name="fields"/> as the table's schema (a new table, or a schema change of an existing one).</summary>
    public async Task WriteTableAsync(string zoneAndName, IReadOnlyList<DeltaField> fields)
    {
        var partitions = fields.Any(f => f.Name == "report_date") ? new[] { "report_date" } : [];
        var log = DeltaLog.ForPath(Path.Combine(Local, zoneAndName));
        await DeltaWriter.CommitAsync(log, new DeltaWriteRequest(fields, partitions, [], DeltaWriteMode.Overwrite, new CommitOptions("CREATE OR REPLACE TABLE")));
    }

    /// <summary>Adds a column to a table's schema.</summary>
    public async Task AddColumnAsync(string zoneAndName, DeltaField field)
    {
        var snapshot = await DeltaLog.ForPath(Path.Combine(Local, zoneAndName)).GetSnapshotAsync();
        var fields = DeltaSchema.Parse(snapshot.Metadata.SchemaString).Append(field).ToList();
        await WriteTableAsync(zoneAndName, fields);
    }

    /// <summary>Mirrors the local lake into the bucket (deleting what is gone locally).</summary>
    public async Task UploadAsync()
    {
        using var s3 = S3Client();
        try { await s3.PutBucketAsync(Bucket); } catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists") { }
        var existing = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket })).S3Objects ?? [];
        var wanted = Directory.EnumerateFiles(Local, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Local, f).Replace('\\', '/'), f => f);
        foreach (var o in existing.Where(o => !wanted.ContainsKey(o.Key))) await s3.DeleteObjectAsync(Bucket, o.Key);
        foreach (var (key, file) in wanted)
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = file, UseChunkEncoding = false });
    }

    public AmazonS3Client S3Client() =>
        new(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonS3Config { ServiceURL = Moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });

    /// <summary>The Spark type of a documented column (from its Hive type in the docs).</summary>
    private static string SparkType(string table, string column)
    {
        var hive = DocumentedType(table, column);
        return hive switch { "bigint" => "long", "int" => "integer", _ => hive };
    }

    private static readonly Lazy<Dictionary<string, string>> Types = new(() =>
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        string? table = null;
        foreach (var line in File.ReadAllLines(RepoRoot.Combine("docs", "catalog.md")))
        {
            if (line.StartsWith("#### ", StringComparison.Ordinal)) table = line[5..].Trim();
            else if (table is not null && line.StartsWith("| ", StringComparison.Ordinal))
            {
                var cells = line.Split('|', StringSplitOptions.TrimEntries);
                if (cells.Length > 3 && cells[1] != "column" && !cells[1].StartsWith('-')) types[$"{table}.{cells[1]}"] = cells[2];
            }
        }
        return types;
    });

    public static string DocumentedType(string table, string column) => Types.Value[$"{table}.{column}"];

    public void Dispose() => _temp.Dispose();
}
