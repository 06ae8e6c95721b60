using CovidSpark.Aws;
namespace CovidSpark.Aws.Glue.Catalog;

/// <summary>The lake cannot be registered as it is: a type Athena cannot name, two tables with one name, a table that kept changing.</summary>
public sealed class LakeCatalogException(string message, Exception? inner = null) : CovidSparkOperationsException(message, inner);
