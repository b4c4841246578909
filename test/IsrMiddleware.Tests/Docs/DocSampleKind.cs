namespace IsrMiddleware.Tests.Docs;

/// <summary>How a <c>```csharp</c> block of the documentation is compiled (the HTML comment right before it says so).</summary>
internal enum DocSampleKind
{
    /// <summary>No comment: the whole <c>Program.cs</c> of a web project (top-level statements).</summary>
    Program,

    /// <summary><c>&lt;!-- compile: class --&gt;</c>: a file of type declarations (with its own usings).</summary>
    Class,

    /// <summary>
    /// <c>&lt;!-- compile: statements (builder, app) --&gt;</c>: statements of a <c>Program.cs</c>, compiled as the body of a
    /// method that receives the named variables.
    /// </summary>
    Statements,

    /// <summary><c>&lt;!-- compile: skip reason --&gt;</c>: not compiled, for the reason given.</summary>
    Skip,
}
