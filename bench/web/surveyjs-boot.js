// The SurveyJS side of `make bench-web`: fetches the converted bank and renders it, the way a
// SurveyJS page would (survey-core model, survey-js-ui renderer).
performance.mark('survey:boot');
fetch('survey.json')
  .then((r) => r.json())
  .then((json) => {
    const model = new Survey.Model(json);
    window.survey = model;
    SurveyUI.renderSurvey(model, document.getElementById('survey'));
    performance.mark('survey:rendered');
  });
