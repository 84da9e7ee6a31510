/* The directory's map: an enhancement over the list. Its points come from their own URL
   (the directory's map/ route: GeoJSON, cached beside the page), not from inside the page.

   Schools close together on screen are drawn as one numbered marker, so no two markers
   overlap at any zoom (WCAG 2.2 target size): greedy clustering over a grid of cells as
   wide as the spacing, redone on each zoom and move for the schools in view. Choosing a
   group zooms in to its schools; where they cannot be told apart (the same address, or the
   closest zoom), it lists them instead. Without JavaScript, without Leaflet, or when the
   points cannot be fetched, the figure stays hidden and the list is the page. */
(function () {
    "use strict";
    var figure = document.querySelector("[data-school-map]");
    if (!figure || typeof window.L === "undefined" || !window.fetch) {
        return;
    }
    var L = window.L;
    // Centres at least this far apart (CSS pixels): a 40 px group never touches a 25x41 pin.
    var SPACING = 64;
    var GROUP_SIZE = 40;

    function escapeHtml(text) {
        var div = document.createElement("div");
        div.textContent = text;
        return div.innerHTML;
    }

    function link(school) {
        return '<a href="' + encodeURI(school.url) + '">' + escapeHtml(school.name) + "</a>";
    }

    function plural(count, word) {
        return count + " " + word + (count === 1 ? "" : "s");
    }

    /* Each point once, in a group whose first point (its seed) lies within SPACING of it;
       seeds are more than SPACING apart from each other. Pixel positions at `zoom`. */
    function groupsAt(map, schools, zoom) {
        var cells = {};
        var groups = [];
        schools.forEach(function (school) {
            var point = map.project(school.latlng, zoom);
            var cx = Math.floor(point.x / SPACING);
            var cy = Math.floor(point.y / SPACING);
            var nearest = null;
            var best = SPACING * SPACING;
            for (var dx = -1; dx <= 1; dx += 1) {
                for (var dy = -1; dy <= 1; dy += 1) {
                    var seeds = cells[(cx + dx) + ":" + (cy + dy)] || [];
                    for (var i = 0; i < seeds.length; i += 1) {
                        var ex = seeds[i].point.x - point.x;
                        var ey = seeds[i].point.y - point.y;
                        var d = ex * ex + ey * ey;
                        if (d <= best) {
                            best = d;
                            nearest = seeds[i];
                        }
                    }
                }
            }
            if (nearest) {
                nearest.schools.push(school);
                return;
            }
            var group = { point: point, latlng: school.latlng, schools: [school] };
            var key = cx + ":" + cy;
            (cells[key] = cells[key] || []).push(group);
            groups.push(group);
        });
        return groups;
    }

    /* Enter or Space on a focused marker does what a click does (Leaflet's own key
       handling did not reach markers in Chromium). preventDefault stops the keypress that
       would do it a second time. */
    function pressable(marker) {
        marker.on("add", function () {
            marker.getElement().addEventListener("keydown", function (event) {
                if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    event.stopPropagation();
                    marker.fire("click");
                }
            });
        });
        return marker;
    }

    function groupMarker(map, group) {
        var count = group.schools.length;
        var bounds = L.latLngBounds(group.schools.map(function (s) { return s.latlng; }));
        var label = plural(count, "school") + " close together";
        var marker = L.marker(group.latlng, {
            icon: L.divIcon({
                className: "school-map__group",
                html: '<span aria-hidden="true">' + count + "</span>",
                iconSize: [GROUP_SIZE, GROUP_SIZE]
            }),
            title: label,
            keyboard: true,
            riseOnHover: true
        });
        var canZoom = map.getZoom() < map.getMaxZoom() &&
            !bounds.getNorthEast().equals(bounds.getSouthWest());
        if (canZoom) {
            marker.on("click", function () {
                map.fitBounds(bounds, { padding: [SPACING, SPACING], maxZoom: map.getMaxZoom() });
            });
        } else {
            marker.bindPopup(
                "<p>" + escapeHtml(label) + ":</p><ul>" +
                group.schools.map(function (s) { return "<li>" + link(s) + "</li>"; }).join("") +
                "</ul>"
            );
        }
        marker.on("add", function () {
            var element = marker.getElement();
            element.setAttribute("aria-label", label + (canZoom ? ": zoom in" : ": list them"));
        });
        return pressable(marker);
    }

    function schoolMarker(school) {
        var marker = L.marker(school.latlng, { title: school.name, alt: school.name, keyboard: true });
        marker.bindPopup(link(school));
        return pressable(marker);
    }

    function draw(map, schools) {
        var layer = L.layerGroup().addTo(map);
        var drawnAt = null;
        var groups = [];

        function redraw() {
            var zoom = map.getZoom();
            if (zoom !== drawnAt) {
                groups = groupsAt(map, schools, zoom);
                drawnAt = zoom;
            }
            figure.setAttribute("data-zoom", String(zoom));
            var view = map.getBounds().pad(0.25);
            layer.clearLayers();
            groups.forEach(function (group) {
                if (!view.contains(group.latlng)) {
                    return;
                }
                layer.addLayer(group.schools.length === 1 ?
                    schoolMarker(group.schools[0]) : groupMarker(map, group));
            });
        }

        map.on("zoomend moveend", redraw);
        var bounds = L.latLngBounds(schools.map(function (s) { return s.latlng; }));
        if (schools.length === 1) {
            map.setView(schools[0].latlng, 12);
        } else {
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
        }
        redraw();
    }

    window.showSchoolsOnMap = function (map) {
        var container = map.getContainer();
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", "Map of schools");
        fetch(figure.getAttribute("data-points-url"), { credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("map points: " + response.status);
                }
                return response.json();
            })
            .then(function (data) {
                var schools = (data.features || []).map(function (feature) {
                    var c = feature.geometry.coordinates;
                    return {
                        name: feature.properties.name,
                        url: feature.properties.url,
                        latlng: L.latLng(c[1], c[0])
                    };
                });
                if (!schools.length) {
                    return;
                }
                figure.hidden = false;
                figure.setAttribute("data-schools", String(schools.length));
                map.invalidateSize();
                draw(map, schools);
            })
            .catch(function () {
                figure.hidden = true; // the list below is the page
            });
    };
}());
