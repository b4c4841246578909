using IsrMiddleware.Engine;
namespace IsrMiddleware.Tests.Docs;

/// <summary>One <c>```csharp</c> block of a markdown file.</summary>
/// <param name="File">The markdown file, relative to the repository root, with <c>/</c> separators.</param>
/// <param name="Line">The line of the block's first code line in that file (1-based).</param>
/// <param name="Kind">How it is compiled.</param>
/// <param name="Code">The block's code, without its fences and indentation.</param>
/// <param name="Variables">For <see cref="DocSampleKind.Statements"/>: the variables the block uses without declaring them.</param>
/// <param name="SkipReason">For <see cref="DocSampleKind.Skip"/>: why it is not compiled.</param>
internal sealed record DocSample(string File, int Line, DocSampleKind Kind, string Code, IReadOnlyList<string> Variables, string? SkipReason)
{
    public override string ToString() => $"{File}:{Line} ({Kind})";
}
