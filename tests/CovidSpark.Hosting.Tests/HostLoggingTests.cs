using System.Text.Json.Nodes;
using CovidSpark.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CovidSpark.Testing;

namespace CovidSpark.Hosting.Tests;

/// <summary>The one place hosts build their loggers: the shapes and the verbosity rule every host shares.</summary>
public sealed class HostLoggingTests
{
    private static readonly DateTimeOffset At = new(2020, 11, 10, 5, 41, 7, TimeSpan.Zero);

    [Fact]
    public void Verbose_means_debug_else_the_hosts_quiet_level()
    {
        Assert.Equal(LogLevel.Debug, HostLogging.Verbosity(true, LogLevel.None));
        Assert.Equal(LogLevel.Warning, HostLogging.Verbosity(false, LogLevel.Warning));
        Assert.Same(NullLoggerFactory.Instance, HostLogging.CommandLine(HostLogging.Verbosity(false, LogLevel.None)));
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData("loud", LogLevel.Information)]
    [InlineData("42", LogLevel.Information)]
    [InlineData(null, LogLevel.Information)]
    public void A_configured_level_is_read_by_name_else_the_fallback(string? value, LogLevel expected) =>
        Assert.Equal(expected, HostLogging.ParseLevel(value, LogLevel.Information));

    [Fact]
    public void Text_lines_carry_the_clocks_time_and_a_prefix_for_warnings_and_keep_below_the_level_out()
    {
        var writer = new StringWriter();
        using (var loggers = HostLogging.Text(writer, LogLevel.Information, new ManualClock(At, ClockTimers.OnAdvance)))
        {
            var log = loggers.CreateLogger("deploy");
            log.LogDebug("not shown");
            log.LogInformation("Release {Release}", "r1");
            log.LogWarning("slow");
        }

        Assert.Equal(["05:41:07 Release r1", "05:41:07 warning: slow"], writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Json_lines_are_one_object_per_entry_with_the_template_values()
    {
        var writer = new StringWriter();
        using (var loggers = HostLogging.JsonLines(writer, LogLevel.Information, new ManualClock(At, ClockTimers.OnAdvance)))
        {
            var log = loggers.CreateLogger("launcher");
            log.LogDebug("not shown");
            log.LogInformation(new EventId(201, "Submitted"), "Submitted {Steps} steps to {Cluster}", 3, "j-1");
        }

        var line = JsonNode.Parse(Assert.Single(writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("Information", (string?)line["level"]);
        Assert.Equal("launcher", (string?)line["category"]);
        Assert.Equal(201, (int)line["eventId"]!);
        Assert.Equal("Submitted 3 steps to j-1", (string?)line["message"]);
        Assert.Equal(3, (double)line["Steps"]!);
        Assert.Equal("j-1", (string?)line["Cluster"]);
        Assert.Equal(At, (DateTimeOffset)line["timestamp"]!);
    }
}
