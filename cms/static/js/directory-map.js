/* The directory's map: an enhancement over the list, fed by the JSON of the filtered schools.
   Without JavaScript, or without Leaflet, the figure stays hidden and the list is the page. */
(function () {
    "use strict";
    var figure = document.querySelector("[data-school-map]");
    var data = document.getElementById("school-map-data");
    if (!figure || !data || typeof window.L === "undefined") {
        return;
    }
    figure.hidden = false;

    function escapeHtml(text) {
        var div = document.createElement("div");
        div.textContent = text;
        return div.innerHTML;
    }

    window.showSchoolsOnMap = function (map) {
        var schools = JSON.parse(data.textContent);
        var bounds = [];
        schools.forEach(function (school) {
            var marker = window.L.marker([school.lat, school.lng], {
                title: school.name,
                alt: school.name,
                keyboard: true
            });
            marker.bindPopup('<a href="' + encodeURI(school.url) + '">' + escapeHtml(school.name) + "</a>");
            marker.addTo(map);
            bounds.push([school.lat, school.lng]);
        });
        map.invalidateSize();
        if (bounds.length === 1) {
            map.setView(bounds[0], 12);
        } else if (bounds.length > 1) {
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
        }
        var container = map.getContainer();
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", "Map of schools");
    };
}());
