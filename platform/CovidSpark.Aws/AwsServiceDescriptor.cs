namespace CovidSpark.Aws;

/// <summary>
/// Describes one AWS service spoken over the JSON protocol: how requests are signed (<see cref="SigningName"/>),
/// where they go by default (<see cref="EndpointPrefix"/>) and how the operation is named on the wire
/// (<c>X-Amz-Target: {TargetPrefix}.{Operation}</c>, <see cref="ContentType"/>).
/// </summary>
/// <param name="SigningName">SigV4 service name, e.g. <c>elasticmapreduce</c> or <c>dynamodb</c>.</param>
/// <param name="EndpointPrefix">Host prefix of the regional endpoint, e.g. <c>elasticmapreduce</c> or <c>streams.dynamodb</c>.</param>
/// <param name="TargetPrefix">Prefix of the <c>X-Amz-Target</c> header, e.g. <c>ElasticMapReduce</c> or <c>DynamoDBStreams_20120810</c>.</param>
/// <param name="ContentType"><c>application/x-amz-json-1.1</c> (EMR) or <c>application/x-amz-json-1.0</c> (DynamoDB, DynamoDB Streams).</param>
/// <param name="EndpointEnvironmentKey">Service id used for the per-service override variable <c>AWS_ENDPOINT_URL_{key}</c>, e.g. <c>EMR</c>.</param>
public sealed record AwsServiceDescriptor(
    string SigningName,
    string EndpointPrefix,
    string TargetPrefix,
    string ContentType,
    string EndpointEnvironmentKey)
{
    /// <summary>Amazon EMR (JSON 1.1, target prefix <c>ElasticMapReduce</c>).</summary>
    public static AwsServiceDescriptor Emr { get; } =
        new("elasticmapreduce", "elasticmapreduce", "ElasticMapReduce", "application/x-amz-json-1.1", "EMR");

    /// <summary>Amazon DynamoDB Streams (JSON 1.0, signed as <c>dynamodb</c>, endpoint <c>streams.dynamodb.&lt;region&gt;.amazonaws.com</c>).</summary>
    public static AwsServiceDescriptor DynamoDbStreams { get; } =
        new("dynamodb", "streams.dynamodb", "DynamoDBStreams_20120810", "application/x-amz-json-1.0", "DYNAMODB_STREAMS");

    /// <summary>Amazon DynamoDB (JSON 1.0); used here only to resolve the endpoint override for AWSSDK.DynamoDBv2 clients.</summary>
    public static AwsServiceDescriptor DynamoDb { get; } =
        new("dynamodb", "dynamodb", "DynamoDB_20120810", "application/x-amz-json-1.0", "DYNAMODB");

    /// <summary>AWS Glue (JSON 1.1, target prefix <c>AWSGlue</c>, endpoint <c>glue.&lt;region&gt;.amazonaws.com</c>, override <c>AWS_ENDPOINT_URL_GLUE</c>).</summary>
    public static AwsServiceDescriptor Glue { get; } =
        new("glue", "glue", "AWSGlue", "application/x-amz-json-1.1", "GLUE");

    /// <summary>Amazon S3; used only to resolve the endpoint override (<c>AWS_ENDPOINT_URL_S3</c>) for AWSSDK.S3 clients.</summary>
    public static AwsServiceDescriptor S3 { get; } =
        new("s3", "s3", "", "", "S3");

    /// <summary>AWS Systems Manager (JSON 1.1); used here only to resolve the endpoint override (<c>AWS_ENDPOINT_URL_SSM</c>) for AWSSDK.SimpleSystemsManagement clients.</summary>
    public static AwsServiceDescriptor Ssm { get; } =
        new("ssm", "ssm", "AmazonSSM", "application/x-amz-json-1.1", "SSM");

    /// <summary>The public regional endpoint, <c>https://{EndpointPrefix}.{region}.amazonaws.com/</c>.</summary>
    public Uri DefaultEndpoint(string region) => new($"https://{EndpointPrefix}.{region}.amazonaws.com/");

    /// <summary>The full <c>X-Amz-Target</c> value for an operation; an operation that already contains a dot is taken as is.</summary>
    public string Target(string operation) =>
        operation.Contains('.', StringComparison.Ordinal) ? operation : $"{TargetPrefix}.{operation}";
}
