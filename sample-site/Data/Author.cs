namespace SampleSite.Data;

/// <summary>An author: <c>authors/{slug}.md</c>, its first line <c># Name</c>, then paragraphs.</summary>
public sealed record Author(string Slug, string Name, IReadOnlyList<string> Paragraphs);
