using CovidSpark.Aws.Glue.Catalog;

namespace CovidSpark.Jobs.Aws.Tests.Catalog;

public sealed class HiveTypesTests
{
    [Theory]
    [InlineData("long", "bigint")]
    [InlineData("integer", "int")]
    [InlineData("short", "smallint")]
    [InlineData("timestamp_ntz", "timestamp")]
    [InlineData("decimal(10, 2)", "decimal(10,2)")]
    [InlineData("""{"type":"array","elementType":"long","containsNull":true}""", "array<bigint>")]
    [InlineData("""{"type":"map","keyType":"string","valueType":{"type":"struct","fields":[{"name":"n","type":"integer","nullable":true,"metadata":{}}]},"valueContainsNull":true}""", "map<string,struct<n:int>>")]
    public void Spark_types_become_the_Hive_types_Athena_reads(string spark, string hive) =>
        Assert.Equal(hive, HiveTypes.FromSpark(spark, "t.c"));

    [Fact]
    public void A_type_without_a_Hive_name_is_refused_naming_the_column()
    {
        var e = Assert.Throws<LakeCatalogException>(() => HiveTypes.FromSpark("variant", "refined/x.payload"));
        Assert.Contains("refined/x.payload", e.Message, StringComparison.Ordinal);
    }
}
