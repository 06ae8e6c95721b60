using System.Text.Json.Serialization;
using CovidSpark.Aws.Emr.Model;

namespace CovidSpark.Aws.Emr;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata for the EMR wire shapes; EMR uses PascalCase member names.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ListClustersRequest))]
[JsonSerializable(typeof(ListClustersResponse))]
[JsonSerializable(typeof(DescribeClusterRequest))]
[JsonSerializable(typeof(DescribeClusterResponse))]
[JsonSerializable(typeof(RunJobFlowRequest))]
[JsonSerializable(typeof(RunJobFlowResponse))]
[JsonSerializable(typeof(AddJobFlowStepsRequest))]
[JsonSerializable(typeof(AddJobFlowStepsResponse))]
[JsonSerializable(typeof(ListStepsRequest))]
[JsonSerializable(typeof(ListStepsResponse))]
[JsonSerializable(typeof(DescribeStepRequest))]
[JsonSerializable(typeof(DescribeStepResponse))]
[JsonSerializable(typeof(CancelStepsRequest))]
[JsonSerializable(typeof(CancelStepsResponse))]
public sealed partial class EmrJsonContext : JsonSerializerContext;
