using CovidSpark.Spark.DuckDb;
using System.Security.Cryptography;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Writer;

/// <summary>Writes on real files: save modes, Spark's partition layout, dynamic partition overwrite, stable bytes, read-back.</summary>
public class WriterTests : SparkTest
{
    /// <summary>Every file below <paramref name="dir"/> as relative path → SHA-256.</summary>
    private static SortedDictionary<string, string> Hashes(string dir) => new(
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(dir, f).Replace('\\', '/'),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    private static string[] Files(string dir) => [.. Hashes(dir).Keys];

    [Fact]
    public async Task Default_mode_writes_one_part_file_and_refuses_an_existing_path()
    {
        var dir = Temp["out"];
        Assert.Equal(5L, await Reports().Write().ParquetAsync(dir));
        Assert.Equal(["part-00000.parquet"], Files(dir));
        var e = await Assert.ThrowsAsync<AnalysisException>(() => Reports().Write().ParquetAsync(dir));
        Assert.Contains("already exists", e.Message);
        Assert.Contains(dir, e.Message);
        Assert.Equal(5L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task Error_mode_accepts_an_empty_existing_directory()
    {
        var dir = Temp["empty"];
        Directory.CreateDirectory(dir);
        await Continents().Write().Mode("errorifexists").ParquetAsync(dir);
        Assert.Equal(3L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task Append_adds_numbered_part_files()
    {
        var dir = Temp["out"];
        await Continents().Write().Mode(SaveMode.Append).ParquetAsync(dir);
        await Continents().Write().Mode("append").ParquetAsync(dir);
        Assert.Equal(["part-00000.parquet", "part-00001.parquet"], Files(dir));
        Assert.Equal(6L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task Overwrite_replaces_everything_and_ignore_leaves_existing_data()
    {
        var dir = Temp["out"];
        await Reports().Write().ParquetAsync(dir);
        await Continents().Write().Mode("overwrite").ParquetAsync(dir);
        Assert.Equal(["country", "continent"], await Columns(Spark.Read().Parquet(dir)));
        Assert.Equal(0L, await Reports().Write().Mode("ignore").ParquetAsync(dir));
        Assert.Equal(3L, await Spark.Read().Parquet(dir).CountAsync());
        Assert.Equal(5L, await Reports().Write().Mode(SaveMode.Ignore).ParquetAsync(Temp["fresh"]));
    }

    [Fact]
    public async Task Overwrite_keeps_the_old_data_when_the_new_query_is_invalid()
    {
        var dir = Temp["out"];
        await Continents().Write().ParquetAsync(dir);
        await Assert.ThrowsAsync<DuckDbEngineException>(() => Continents().Select(Col("no_such_column")).Write().Mode("overwrite").ParquetAsync(dir));
        Assert.Equal(3L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task Overwrite_keeps_the_old_data_when_the_new_query_fails_while_running()
    {
        var dir = Temp["out"];
        await Continents().Write().ParquetAsync(dir);
        var failing = Spark.Sql("SELECT CASE WHEN i = 2 THEN error('bad row') ELSE 'x' END AS country FROM range(3) AS r(i)");
        var e = await Assert.ThrowsAsync<DuckDbEngineException>(() => failing.Write().Mode("overwrite").ParquetAsync(dir));
        Assert.Contains("bad row", e.Message);
        Assert.Equal(3L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task Overwrite_can_rewrite_the_path_it_reads_from()
    {
        var dir = Temp["out"];
        await Reports().Write().ParquetAsync(dir);
        await Spark.Read().Parquet(dir).Filter(Col("country").EqualTo("Italy")).Write().Mode("overwrite").ParquetAsync(dir);
        Assert.Equal(2L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task Partition_by_writes_sparks_folder_layout_without_the_column_in_the_files()
    {
        var dir = Temp["daily"];
        await Reports().Write().PartitionBy("report_date").ParquetAsync(dir);
        Assert.Equal(["report_date=2020-03-01/part-0.parquet", "report_date=2020-03-02/part-0.parquet"], Files(dir));
        var copy = Temp["copy.parquet"];
        File.Copy(Path.Combine(dir, "report_date=2020-03-01", "part-0.parquet"), copy);
        var oneFile = Spark.Read().Parquet(copy);
        Assert.Equal(["country", "confirmed", "deaths", "hdi"], await Columns(oneFile));
    }

    [Fact]
    public async Task Read_back_restores_the_typed_partition_column()
    {
        var dir = Temp["daily"];
        await Reports().Write().PartitionBy("report_date").ParquetAsync(dir);
        var back = Spark.Read().Parquet(dir);
        var schema = await back.SchemaAsync();
        Assert.Equal(DateType.Instance, schema.Fields.Single(f => f.Name == "report_date").DataType);
        var rows = await Values(back.Select("country", "report_date", "confirmed", "deaths", "hdi").OrderBy(Col("report_date"), Col("country")));
        Assert.Equal(await Values(Reports().OrderBy(Col("report_date"), Col("country"))), rows);
    }

    [Fact]
    public async Task Partition_by_two_columns_nests_folders_in_the_given_order()
    {
        var dir = Temp["nested"];
        await Reports().Filter(Col("country").NotEqual("Chad")).Write().PartitionBy("country", "report_date").ParquetAsync(dir);
        Assert.Equal(
        [
            "country=Italy/report_date=2020-03-01/part-0.parquet", "country=Italy/report_date=2020-03-02/part-0.parquet",
            "country=Spain/report_date=2020-03-01/part-0.parquet", "country=Spain/report_date=2020-03-02/part-0.parquet",
        ], Files(dir));
    }

    [Fact]
    public async Task Dynamic_overwrite_replaces_only_the_partitions_present()
    {
        var dir = Temp["daily"];
        await Day(Mar1, ("Italy", 1)).Union(Day(Mar2, ("Italy", 2))).Write().PartitionBy("report_date").ParquetAsync(dir);
        var mar1Hash = Hashes(dir)["report_date=2020-03-01/part-0.parquet"];

        await Day(Mar2, ("Italy", 20), ("Spain", 5)).Write().Mode("overwrite").Option("partitionOverwriteMode", "dynamic")
            .PartitionBy("report_date").ParquetAsync(dir);

        Assert.Equal(mar1Hash, Hashes(dir)["report_date=2020-03-01/part-0.parquet"]);
        var rows = await Values(Spark.Read().Parquet(dir).Select("report_date", "country", "confirmed").OrderBy("report_date", "country"));
        Assert.Equal([[Mar1, "Italy", 1L], [Mar2, "Italy", 20L], [Mar2, "Spain", 5L]], rows);
    }

    [Fact]
    public async Task Static_overwrite_with_partitions_replaces_every_partition()
    {
        var dir = Temp["daily"];
        await Day(Mar1, ("Italy", 1)).Union(Day(Mar2, ("Italy", 2))).Write().PartitionBy("report_date").ParquetAsync(dir);
        await Day(Mar2, ("Italy", 20)).Write().Mode("overwrite").PartitionBy("report_date").ParquetAsync(dir);
        Assert.Equal(["report_date=2020-03-02/part-0.parquet"], Files(dir));
    }

    [Fact]
    public async Task Dynamic_overwrite_replaces_partitions_whose_values_are_escaped_or_null()
    {
        var dir = Temp["by_name"];
        var schema = StructType.FromDdl("place string, n int");
        // Two appends: each partition folder holds two files with random names that only a folder delete removes.
        for (var i = 0; i < 2; i++)
            await Spark.CreateDataFrame([["Korea, South", 1], ["St. Kitts & Nevis", 1], [null, 1], ["Italy", 1]], schema)
                .Write().Mode("append").PartitionBy("place").ParquetAsync(dir);
        await Spark.CreateDataFrame([["Korea, South", 2], ["St. Kitts & Nevis", 2], [null, 2]], schema)
            .Write().Mode("overwrite").Option("partitionOverwriteMode", "dynamic").PartitionBy("place").ParquetAsync(dir);
        Assert.Contains("place=__HIVE_DEFAULT_PARTITION__/part-0.parquet", Files(dir));
        var rows = await Values(Spark.Read().Parquet(dir).Select("place", "n").OrderBy("place"));
        Assert.Equal([[null, 2], ["Italy", 1], ["Italy", 1], ["Korea, South", 2], ["St. Kitts & Nevis", 2]], rows);
    }

    [Fact]
    public async Task Append_with_partitions_adds_files_next_to_the_existing_ones()
    {
        var dir = Temp["daily"];
        await Day(Mar1, ("Italy", 1)).Write().PartitionBy("report_date").ParquetAsync(dir);
        await Day(Mar1, ("Spain", 2)).Write().Mode("append").PartitionBy("report_date").ParquetAsync(dir);
        Assert.Equal(2, Files(dir).Length);
        Assert.Equal(2L, await Spark.Read().Parquet(dir).CountAsync());
    }

    [Fact]
    public async Task The_same_input_written_twice_gives_identical_bytes()
    {
        var data = Spark.Sql("SELECT i, i % 3 AS k, CAST(i AS DOUBLE) / 7 AS x, DATE '2020-03-01' + CAST(i % 5 AS INTEGER) AS d FROM range(150000) AS r(i)");
        await data.Write().PartitionBy("d").ParquetAsync(Temp["a"]);
        await data.Write().PartitionBy("d").ParquetAsync(Temp["b"]);
        await data.Write().ParquetAsync(Temp["c"]);
        await data.Write().ParquetAsync(Temp["d"]);
        Assert.Equal(5, Hashes(Temp["a"]).Count);
        Assert.Equal(Hashes(Temp["a"]), Hashes(Temp["b"]));
        Assert.Equal(Hashes(Temp["c"]), Hashes(Temp["d"]));
    }

    [Fact]
    public async Task Dynamic_overwrite_of_the_same_data_is_byte_identical()
    {
        var dir = Temp["daily"];
        var writer = () => Reports().Write().Mode("overwrite").Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date").ParquetAsync(dir);
        await writer();
        var first = Hashes(dir);
        await writer();
        Assert.Equal(first, Hashes(dir));
    }

    [Fact]
    public async Task Csv_write_has_a_header_and_reads_back()
    {
        var dir = Temp["csv"];
        Assert.Equal(3L, await Continents().OrderBy("country").Write().CsvAsync(dir));
        Assert.Equal(["part-00000.csv"], Files(dir));
        Assert.Equal("country,continent\nFrance,Europe\nItaly,Europe\nSpain,Europe\n",
            File.ReadAllText(Path.Combine(dir, "part-00000.csv")).ReplaceLineEndings("\n"));
        Assert.Equal(3L, await Spark.Read().Option("header", true).Csv(dir).CountAsync());
    }

    [Fact]
    public async Task Csv_write_with_partitions()
    {
        var dir = Temp["csv"];
        await Reports().Select("country", "report_date").Write().Format("csv").PartitionBy("report_date").SaveAsync(dir);
        Assert.Equal(["report_date=2020-03-01/part-0.csv", "report_date=2020-03-02/part-0.csv"], Files(dir));
    }

    [Fact]
    public async Task A_read_after_the_files_changed_sees_the_new_columns()
    {
        var dir = Temp["t"];
        await Spark.CreateDataFrame([[1, 2]], StructType.FromDdl("a int, b int")).Write().ParquetAsync(dir);
        Assert.Equal(["b"], await Columns(Spark.Read().Parquet(dir).Drop("a")));
        await Spark.CreateDataFrame([[1, 2, 3]], StructType.FromDdl("a int, b int, c int")).Write().Mode("overwrite").ParquetAsync(dir);
        Assert.Equal([[2, 3]], await Values(Spark.Read().Parquet(dir).Drop("a")));
    }
}
