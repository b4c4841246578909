using IsrMiddleware;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace WebAppTemplate.Pages;

[StaticParams]
public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
