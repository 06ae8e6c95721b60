namespace CovidSpark.Testing;

/// <summary>A launcher config (emr-config.json) for tests: a unique cluster name, the mode, backfill limits and the ledger table.</summary>
public static class TestConfigs
{
    public static string Json(string clusterName, string mode = "reuse", int maxActiveSteps = 256, int chunkDays = 0, string table = "covidspark-jobs") => $$"""
    {
      "bucket": "covidspark-test",
      "ledgerTable": "{{table}}",
      "cluster": {
        "name": "{{clusterName}}",
        "mode": "{{mode}}",
        "releaseLabel": "emr-7.5.0",
        "applications": ["Spark"],
        "logUri": "s3://{bucket}/emr-logs/",
        "autoTerminationIdleTimeoutSeconds": 3600,
        "instanceGroups": [ { "role": "MASTER", "instanceType": "m5.xlarge", "count": 1 }, { "role": "CORE", "instanceType": "m5.xlarge", "count": 2 } ],
        "configurations": [ { "classification": "spark-defaults", "properties": { "spark.sql.session.timeZone": "UTC" } } ],
        "bootstrapActions": [ { "name": "bundle", "path": "s3://{bucket}/bootstrap/install-bundle.sh" } ],
        "tags": { "app": "covidspark" }
      },
      "backfill": { "chunkDays": {{chunkDays}}, "maxActiveSteps": {{maxActiveSteps}} },
      "jobs": {
        "pipeline": { "args": ["/opt/covidspark/covidspark-jobs", "run", "--from", "{from}", "--to", "{to}", "--lake", "s3://{bucket}/lake/", "--ledger-table", "{ledgerTable}", "--ledger-token", "{submitToken}"] },
        "stats": { "args": ["/opt/covidspark/covidspark-jobs", "run", "--jobs", "stats", "--from", "{from}", "--to", "{to}"] }
      },
      "scheduledJobs": ["pipeline"]
    }
    """;
}
