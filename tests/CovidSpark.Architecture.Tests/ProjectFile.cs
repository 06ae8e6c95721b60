using System.Xml.Linq;

namespace CovidSpark.Architecture.Tests;

/// <summary>One .csproj of the repository: its wing (top folder), name, project references and package references.</summary>
internal sealed record ProjectFile(string Wing, string Name, string RelativePath, IReadOnlyList<ProjectFile.Reference> Projects, IReadOnlyList<string> Packages)
{
    /// <summary>A referenced project, by wing and name.</summary>
    public sealed record Reference(string Wing, string Name);

    public static IReadOnlyList<ProjectFile> All(string root) =>
        SourceTree.Files(root, "*.csproj")
            .Select(p => Load(root, p)).OrderBy(p => p.RelativePath, StringComparer.Ordinal).ToList();

    private static ProjectFile Load(string root, string path)
    {
        var doc = XDocument.Load(path);
        var dir = Path.GetDirectoryName(path)!;
        var projects = doc.Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(dir, ((string?)r.Attribute("Include") ?? "").Replace('\\', '/'))))
            .Select(full => new Reference(WingOf(root, full), Path.GetFileNameWithoutExtension(full))).ToList();
        var packages = doc.Descendants("PackageReference").Select(r => (string?)r.Attribute("Include") ?? "").ToList();
        return new ProjectFile(WingOf(root, path), Path.GetFileNameWithoutExtension(path), Path.GetRelativePath(root, path), projects, packages);
    }

    private static string WingOf(string root, string path) => Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar)[0];
}
