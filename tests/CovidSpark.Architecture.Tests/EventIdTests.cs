using System.Text.RegularExpressions;

namespace CovidSpark.Architecture.Tests;

/// <summary>Every <c>[LoggerMessage]</c> id of a product assembly lies in that assembly's range and names one event.</summary>
public sealed partial class EventIdTests
{
    private static readonly string[] ProductWings = ["jobs", "platform", "operations", "adapters", "hosts"];

    [Fact]
    public void Every_logged_event_id_lies_in_its_assemblys_range_and_is_used_once()
    {
        var problems = new List<string>();
        var projects = ProjectFile.All(RepoRoot.Path).Where(p => ProductWings.Contains(p.Wing)).ToList();
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var ids = EventIdsOf(Path.GetDirectoryName(Path.Combine(RepoRoot.Path, project.RelativePath))!, problems);
            if (ids.Count == 0) continue;
            if (!EventIdRanges.ByProject.TryGetValue(project.Name, out var range))
            {
                problems.Add($"{project.Name} logs events but has no EventId range in EventIdRanges");
                continue;
            }
            problems.AddRange(ids.Where(i => i.Id < range.From || i.Id > range.To)
                .Select(i => $"{i.Where}: EventId {i.Id} is outside {project.Name}'s range {range.From}-{range.To}"));
            problems.AddRange(ids.GroupBy(i => i.Id).Where(g => g.Count() > 1)
                .Select(g => $"{project.Name}: EventId {g.Key} names {g.Count()} events ({string.Join(", ", g.Select(i => i.Where))})"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var sorted = EventIdRanges.ByProject.OrderBy(r => r.Value.From).ToList();
        for (var i = 1; i < sorted.Count; i++)
            Assert.True(sorted[i].Value.From > sorted[i - 1].Value.To, $"{sorted[i - 1].Key} and {sorted[i].Key} overlap");
    }

    /// <summary>The ids of <c>[LoggerMessage]</c> attributes in a project's sources: literal, or a <c>const int</c> of the same project.</summary>
    private static List<(int Id, string Where)> EventIdsOf(string projectDir, List<string> problems)
    {
        var sources = SourceTree.Files(projectDir, "*.cs")
            .Select(f => (File: f, Text: File.ReadAllText(f))).ToList();
        var constants = sources.SelectMany(s => Constant().Matches(s.Text)).GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => int.Parse(g.First().Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var ids = new List<(int, string)>();
        foreach (var (file, text) in sources)
        {
            foreach (Match m in LoggerMessage().Matches(text))
            {
                var token = m.Groups[1].Value.Split('.')[^1];
                var where = $"{Path.GetRelativePath(RepoRoot.Path, file)}:{text[..m.Index].Count(c => c == '\n') + 1}";
                if (int.TryParse(token, out var literal)) ids.Add((literal, where));
                else if (constants.TryGetValue(token, out var value)) ids.Add((value, where));
                else problems.Add($"{where}: cannot resolve EventId '{m.Groups[1].Value}'");
            }
        }
        return ids;
    }

    [GeneratedRegex(@"\[LoggerMessage\(\s*(?:EventId\s*=\s*)?([A-Za-z_][\w.]*|\d+)")]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"const\s+int\s+(\w+)\s*=\s*(\d+)\s*;")]
    private static partial Regex Constant();
}
