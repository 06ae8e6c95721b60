using CovidSpark.Spark.Connect;

namespace CovidSpark.Connect.Tests;

public class ConnectionStringTests
{
    [Fact]
    public void Minimal_string_uses_spark_defaults()
    {
        var cs = SparkConnectConnectionString.Parse("sc://spark-primary", defaultUserId: "alice");

        Assert.Equal("spark-primary", cs.Host);
        Assert.Equal(15002, cs.Port);
        Assert.False(cs.UseSsl);
        Assert.Null(cs.Token);
        Assert.Equal("alice", cs.UserId);
        Assert.Equal(128 * 1024 * 1024, cs.MaxMessageSize);
        Assert.NotEqual(Guid.Empty, cs.SessionId);
        Assert.Empty(cs.Headers);
        Assert.Equal(new Uri("http://spark-primary:15002"), cs.Address);
    }

    [Fact]
    public void Reserved_parameters_are_parsed_and_the_rest_become_headers()
    {
        var cs = SparkConnectConnectionString.Parse(
            "sc://emr.example.com:443/;use_ssl=true;x-aws-proxy-auth=tok%3Den;Authorization=abc-123;user_id=etl;user_agent=covidspark-test;session_id=00112233-4455-6677-8899-aabbccddeeff;grpc_max_message_size=1048576");

        Assert.Equal(443, cs.Port);
        Assert.True(cs.UseSsl);
        Assert.Equal("etl", cs.UserId);
        Assert.Equal("covidspark-test", cs.UserAgent);
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), cs.SessionId);
        Assert.Equal(1048576, cs.MaxMessageSize);
        Assert.Equal("tok=en", cs.Headers["x-aws-proxy-auth"]);
        Assert.Equal("abc-123", cs.Headers["authorization"]);
        Assert.Equal(new Uri("https://emr.example.com:443"), cs.Address);
    }

    [Fact]
    public void Token_turns_tls_on_unless_use_ssl_is_explicitly_false()
    {
        Assert.True(SparkConnectConnectionString.Parse("sc://h/;token=secret").UseSsl);
        Assert.False(SparkConnectConnectionString.Parse("sc://h/;token=secret;use_ssl=false").UseSsl);
    }

    /// <summary>Spark 4 on EMR listens on 127.0.0.1 with a token and no TLS: the step connects to localhost.</summary>
    [Theory]
    [InlineData("sc://localhost:15002/;token=secret")]
    [InlineData("sc://127.0.0.1:15002/;token=secret")]
    [InlineData("sc://[::1]:15002/;token=secret")]
    public void A_token_to_this_machine_stays_plaintext(string cs) => Assert.False(SparkConnectConnectionString.Parse(cs).UseSsl);

    [Fact]
    public void Ipv6_host_with_port()
    {
        var cs = SparkConnectConnectionString.Parse("sc://[::1]:16000");
        Assert.Equal("::1", cs.Host);
        Assert.Equal(16000, cs.Port);
        Assert.Equal(new Uri("http://[::1]:16000"), cs.Address);
    }

    [Theory]
    [InlineData("http://host:15002", "must start with sc://")]
    [InlineData("sc://:15002", "host is missing")]
    [InlineData("sc://host:99999", "port must be a number")]
    [InlineData("sc://host/;session_id=not-a-uuid", "session_id must be a UUID")]
    [InlineData("sc://host/;use_ssl=yes", "use_ssl must be true or false")]
    [InlineData("sc://host/;novalue", "needs the form key=value")]
    [InlineData("sc://host/;a=1;a=2", "given twice")]
    [InlineData("sc://host/path", "a path is not allowed")]
    [InlineData("sc://host/;token=t;authorization=x", "either token or an authorization header")]
    [InlineData("sc://host/;bad header=x", "cannot be a gRPC header")]
    public void Malformed_strings_fail_with_a_reason(string connectionString, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => SparkConnectConnectionString.Parse(connectionString));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Errors_and_ToString_never_show_secrets()
    {
        var e = Assert.Throws<ArgumentException>(() => SparkConnectConnectionString.Parse("sc://host:0/;token=SECRET1;x-aws-proxy-auth=SECRET2"));
        Assert.DoesNotContain("SECRET", e.Message);

        var cs = SparkConnectConnectionString.Parse("sc://host/;token=SECRET1;x-aws-proxy-auth=SECRET2");
        Assert.DoesNotContain("SECRET", cs.ToString());
        Assert.Contains("x-aws-proxy-auth=***", cs.ToString());
    }
}
