using Amazon.Runtime;

namespace CovidSpark.Aws.Tests;

/// <summary>The one rule every host and client resolves AWS settings by: option, then environment, then AWS configuration, then default.</summary>
public sealed class AwsSettingsResolverTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] pairs)
    {
        var map = pairs.ToDictionary(p => p.Key, p => p.Value);
        return k => map.GetValueOrDefault(k);
    }

    [Fact]
    public void Region_comes_from_the_option_then_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        var env = Env(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "eu-west-2"));
        Assert.Equal("ap-south-1", AwsSettingsResolver.ResolveRegion(AwsSettingsResolver.FromOptions("ap-south-1", null, env)));
        Assert.Equal("eu-west-1", AwsSettingsResolver.ResolveRegion(AwsSettingsResolver.FromOptions(" ", null, env)));
        Assert.Equal("eu-west-2", AwsSettingsResolver.ResolveRegion(AwsSettingsResolver.FromOptions(null, null, Env(("AWS_DEFAULT_REGION", "eu-west-2")))));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", null)]
    [InlineData(null, "http://127.0.0.1:5000")]
    public void An_emulator_endpoint_without_any_region_signs_for_us_east_1(string? option, string? variable)
    {
        // Deploy had this rule and the other hosts failed with "no region configured"; now every host and client has it.
        var env = variable is null ? Env() : Env(("AWS_ENDPOINT_URL", variable));
        Assert.Equal(AwsSettingsResolver.EmulatorRegion, AwsSettingsResolver.ResolveRegion(AwsSettingsResolver.FromOptions(null, option, env)));
    }

    [Fact]
    public void Credentials_are_the_explicit_ones_then_the_environment_keys_else_the_sdk_chain()
    {
        var env = Env(("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "secret"), ("AWS_SESSION_TOKEN", "token"));
        var explicitKeys = new BasicAWSCredentials("AKIAEXPLICIT", "s");

        Assert.Same(explicitKeys, AwsSettingsResolver.ResolveCredentials(AwsSettingsResolver.FromOptions(null, null, env) with { Credentials = explicitKeys }));
        var fromEnv = AwsSettingsResolver.ResolveCredentials(AwsSettingsResolver.FromOptions(null, null, env));
        var keys = Assert.IsType<SessionAWSCredentials>(fromEnv).GetCredentials();
        Assert.Equal(("AKIAENV", "token"), (keys.AccessKey, keys.Token));
        Assert.Null(AwsSettingsResolver.ResolveCredentials(AwsSettingsResolver.FromOptions(null, null, Env())));
    }

    [Fact]
    public void An_unknown_profile_is_a_usage_error_naming_the_option()
    {
        var options = AwsSettingsResolver.FromOptions("eu-west-1", null, Env(), profile: "no-such-profile-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSettingsResolver.ResolveCredentials(options));
        Assert.True(e.IsUsageError);
        Assert.StartsWith("--profile 'no-such-profile-", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:5000")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not-a-url")]
    public void An_endpoint_option_that_is_not_an_http_url_is_a_usage_error(string raw)
    {
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSettingsResolver.FromOptions(null, raw, Env()));
        Assert.True(e.IsUsageError);
        Assert.Equal($"--endpoint-url '{raw}' is not an absolute http(s) URL", e.Message);
    }

    [Fact]
    public void A_bad_endpoint_variable_is_a_configuration_error_naming_the_variable()
    {
        var options = AwsSettingsResolver.FromOptions("eu-west-1", null, Env(("AWS_ENDPOINT_URL_S3", "nope")));
        var e = Assert.Throws<AwsConfigurationException>(() => AwsSettingsResolver.ResolveEndpoint(AwsServiceDescriptor.S3, options, "eu-west-1"));
        Assert.False(e.IsUsageError);
        Assert.Equal("AWS_ENDPOINT_URL_S3", e.Setting);
    }
}
