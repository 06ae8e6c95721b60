using System.Text.RegularExpressions;

namespace CovidSpark.Connect.Tests.Bootstrap;

/// <summary>
/// The CloudFormation template never opens the Spark Connect port: the server is loopback-only on the primary node
/// (firewall rule, Spark 4 binding) and remote use goes through SSM port forwarding (docs/spark-connect.md).
/// </summary>
public sealed partial class TemplateExposureTests
{
    private static string Template() => File.ReadAllText(RepoRoot.Combine("deploy", "template.yaml"));

    /// <summary>Every ingress rule's port range (FromPort..ToPort, or all ports for protocol -1) in template text.</summary>
    internal static IEnumerable<(int From, int To)> IngressRanges(string yaml)
    {
        foreach (Match rule in IngressRule().Matches(yaml))
        {
            var body = rule.Value;
            if (Regex.IsMatch(body, @"IpProtocol:\s*['""]?-1")) { yield return (0, 65535); continue; }
            var from = Regex.Match(body, @"FromPort:\s*(\d+)");
            var to = Regex.Match(body, @"ToPort:\s*(\d+)");
            if (from.Success) yield return (int.Parse(from.Groups[1].Value), to.Success ? int.Parse(to.Groups[1].Value) : int.Parse(from.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"(SecurityGroupIngress|AWS::EC2::SecurityGroupIngress)[\s\S]*?(?=\n  \w|\n\w|\z)")]
    private static partial Regex IngressRule();

    [Fact]
    public void No_ingress_rule_reaches_the_spark_connect_port() =>
        Assert.DoesNotContain(IngressRanges(Template()), r => r.From <= 15002 && 15002 <= r.To);

    [Fact]
    public void The_check_sees_an_open_port()
    {
        const string open = """
            Resources:
              Sg:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  SecurityGroupIngress:
                    - IpProtocol: tcp
                      FromPort: 15000
                      ToPort: 15010
                      CidrIp: 10.0.0.0/8
            """;
        Assert.Contains(IngressRanges(open), r => r.From <= 15002 && 15002 <= r.To);
    }
}
