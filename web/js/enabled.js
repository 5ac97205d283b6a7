// Runs first thing in <body> (a blocking external script, since the pages'
// Content-Security-Policy allows no inline script): tells GOV.UK Frontend's
// styles that JavaScript is on, before anything is drawn.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
