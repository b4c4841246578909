using IsrMiddleware;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SampleSite.Data;
using SampleSite.StaticParams;

namespace SampleSite.Pages.Docs;

/// <summary>
/// <c>/docs/{**path}</c>: every doc pre-rendered; an unknown path gets the fallback shell at once, and 404 once the
/// background render finds no such doc.
/// </summary>
[StaticParams(typeof(DocParams), UnknownParams = UnknownParams.Fallback)]
public sealed class DocModel(ContentStore content) : PageModel
{
    /// <summary>The doc; <see langword="null"/> in the fallback shell.</summary>
    public Doc? Doc { get; private set; }

    public IActionResult OnGet(string? path)
    {
        if (HttpContext.IsStaticFallback())
        {
            // The shell served while the real page renders in the background: a placeholder, no content read.
            return Page();
        }

        if (content.GetDoc(path) is not { } doc)
        {
            return NotFound();
        }

        Doc = doc;
        return Page();
    }
}
