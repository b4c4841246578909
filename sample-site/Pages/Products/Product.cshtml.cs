using IsrMiddleware;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SampleSite.Data;
using SampleSite.StaticParams;

namespace SampleSite.Pages.Products;

/// <summary>
/// <c>/products/{category}/{id}</c>: params top-down (categories, then ids), profile <c>products</c> (unknown params
/// blocking, revalidated after <c>SampleSite:ProductRevalidateSeconds</c>, tag <c>products</c>) plus the page's own
/// <c>category:{category}</c> tag.
/// </summary>
[StaticParams(typeof(ProductCategoryParams), typeof(ProductIdParams), Profile = "products")]
public sealed class ProductModel(ContentStore content) : PageModel
{
    public Product Product { get; private set; } = null!;

    public IActionResult OnGet(string? category, string? id)
    {
        if (content.GetProduct(category, id) is not { } product)
        {
            return NotFound();
        }

        HttpContext.AddCacheTags($"category:{product.Category}");
        Product = product;
        return Page();
    }
}
