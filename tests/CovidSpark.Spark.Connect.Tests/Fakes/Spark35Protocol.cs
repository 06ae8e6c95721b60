namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>
/// The kinds a Spark 3.5 Connect server understands, by name and field number, from Spark's public protocol
/// definitions (see ../shared/docs/spark-connect-wire.md). A request is only understood when the field number it
/// uses names the same kind there; a 4.0-only kind (with_relations, ml_command, ...) would be rejected by 3.5.
/// </summary>
internal static class Spark35Protocol
{
    public static readonly IReadOnlyDictionary<string, int> RelationKinds = new Dictionary<string, int>
    {
        ["read"] = 2, ["project"] = 3, ["filter"] = 4, ["join"] = 5, ["set_op"] = 6, ["sort"] = 7, ["limit"] = 8,
        ["aggregate"] = 9, ["sql"] = 10, ["local_relation"] = 11, ["sample"] = 12, ["offset"] = 13, ["deduplicate"] = 14,
        ["range"] = 15, ["subquery_alias"] = 16, ["repartition"] = 17, ["to_df"] = 18, ["with_columns_renamed"] = 19,
        ["show_string"] = 20, ["drop"] = 21, ["tail"] = 22, ["with_columns"] = 23, ["hint"] = 24, ["unpivot"] = 25,
        ["to_schema"] = 26, ["repartition_by_expression"] = 27, ["map_partitions"] = 28, ["collect_metrics"] = 29,
        ["parse"] = 30, ["group_map"] = 31, ["co_group_map"] = 32, ["with_watermark"] = 33,
        ["apply_in_pandas_with_state"] = 34, ["html_string"] = 35, ["cached_local_relation"] = 36,
        ["cached_remote_relation"] = 37, ["common_inline_user_defined_table_function"] = 38,
        ["fill_na"] = 90, ["drop_na"] = 91, ["replace"] = 92, ["summary"] = 100, ["crosstab"] = 101, ["describe"] = 102,
        ["cov"] = 103, ["corr"] = 104, ["approx_quantile"] = 105, ["freq_items"] = 106, ["sample_by"] = 107, ["catalog"] = 200,
    };

    public static readonly IReadOnlyDictionary<string, int> CommandKinds = new Dictionary<string, int>
    {
        ["register_function"] = 1, ["write_operation"] = 2, ["create_dataframe_view"] = 3, ["write_operation_v2"] = 4,
        ["sql_command"] = 5, ["write_stream_operation_start"] = 6, ["streaming_query_command"] = 7, ["get_resources_command"] = 8,
        ["streaming_query_manager_command"] = 9, ["register_table_function"] = 10,
    };

    public static readonly IReadOnlyDictionary<string, int> ExpressionKinds = new Dictionary<string, int>
    {
        ["literal"] = 1, ["unresolved_attribute"] = 2, ["unresolved_function"] = 3, ["expression_string"] = 4,
        ["unresolved_star"] = 5, ["alias"] = 6, ["cast"] = 7, ["unresolved_regex"] = 8, ["sort_order"] = 9,
        ["lambda_function"] = 10, ["window"] = 11, ["unresolved_extract_value"] = 12, ["update_fields"] = 13,
        ["unresolved_named_lambda_variable"] = 14, ["common_inline_user_defined_function"] = 15, ["call_function"] = 16,
    };

    public static readonly IReadOnlyDictionary<string, int> LiteralKinds = new Dictionary<string, int>
    {
        ["null"] = 1, ["binary"] = 2, ["boolean"] = 3, ["byte"] = 4, ["short"] = 5, ["integer"] = 6, ["long"] = 7,
        ["float"] = 10, ["double"] = 11, ["decimal"] = 12, ["string"] = 13, ["date"] = 16, ["timestamp"] = 17,
        ["timestamp_ntz"] = 18, ["calendar_interval"] = 19, ["year_month_interval"] = 20, ["day_time_interval"] = 21,
        ["array"] = 22, ["map"] = 23, ["struct"] = 24,
    };
}
