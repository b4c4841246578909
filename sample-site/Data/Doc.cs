namespace SampleSite.Data;

/// <summary>A documentation page: <c>docs/{path}.md</c>, its first line <c># Title</c>, then paragraphs.</summary>
public sealed record Doc(string Path, string Title, IReadOnlyList<string> Paragraphs);
